'use strict'

// Private redis-server processes for tests that need to stop, restart or configure one:
// started on free loopback ports without persistence, stopped by PID only.

const net = require('node:net')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn, execFileSync } = require('node:child_process')
const { sleep } = require('./http-client')

const START_TIMEOUT_MS = 5000
const REDIS_CLI = process.env.REDIS_CLI_BIN || 'redis-cli'

function freePort () {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

// Resolves once `PING` on 127.0.0.1:port answers (`+PONG`, or `-NOAUTH` from a server with a
// password); rejects after `ms`.
async function waitForPong (port, ms = START_TIMEOUT_MS) {
  const deadline = Date.now() + ms
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      let data = ''
      const done = (value) => { socket.destroy(); resolve(value) }
      socket.setTimeout(250, () => done(false))
      socket.on('error', () => done(false))
      socket.on('connect', () => socket.write('PING\r\n'))
      socket.on('data', (chunk) => {
        data += chunk
        if (data.includes('\r\n')) done(data.startsWith('+PONG') || data.startsWith('-NOAUTH'))
      })
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within ${ms} ms`)
    await sleep(50)
  }
}

// Starts `binary` with `args` after the port/bind/no-persistence ones. `port` is the plain
// TCP port (0 to turn it off when only `tls-port` is used).
function startRedisServer (binary, port, args = [], options = {}) {
  const child = spawn(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args
  ], { stdio: ['ignore', 'ignore', 'pipe'], cwd: options.cwd })
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr += chunk })
  child.exited = new Promise((resolve) => child.once('exit', resolve))
  child.on('error', (err) => { stderr += String(err) })
  child.describe = () => `pid ${child.pid}, stderr: ${stderr.trim() || '(none)'}`
  return child
}

// Resolves once a TLS handshake with 127.0.0.1:port can start (the port accepts).
async function waitForTlsPort (port, ms = START_TIMEOUT_MS) {
  const deadline = Date.now() + ms
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.on('connect', () => { socket.destroy(); resolve(true) })
      socket.on('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${ms} ms`)
    await sleep(50)
  }
}

// Starts one and waits until it answers (PING, or `options.ready()`).
async function startedRedisServer (binary, port, args, options = {}) {
  const child = startRedisServer(binary, port, args, options)
  await (options.ready ? options.ready() : waitForPong(port)).catch((err) => {
    throw new Error(`${err.message} (${child.describe()})`)
  })
  return child
}

// Stops the child we started, by its PID only, and waits for it to be gone.
async function stopRedisServer (child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  process.kill(child.pid, 'SIGKILL')
  await child.exited
}

// A Redis Cluster of 3 masters (and `replicas` replicas of each) on free loopback ports, made
// with `redis-cli --cluster create`.
async function startCluster (binary, { masters = 3, replicas = 0 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-cluster-'))
  const ports = []
  const nodes = []
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const port = await freePort()
      ports.push(port)
      nodes.push(await startedRedisServer(binary, port, [
        '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${port}.conf`,
        '--cluster-node-timeout', '2000',
        // A replica that has just synced may take over at once.
        '--cluster-replica-validity-factor', '0',
        '--dir', dir
      ]))
    }
    execFileSync(REDIS_CLI, [
      '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'
    ], { stdio: 'ignore', timeout: 20000 })
    for (const port of ports) await waitForClusterOk(port)
    if (replicas > 0) await waitForReplicas(ports, masters * replicas)
  } catch (err) {
    for (const node of nodes) await stopRedisServer(node)
    fs.rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    ports,
    nodes,
    // The redis-server child serving `port`.
    node: (port) => nodes[ports.indexOf(port)],
    urls: ports.map((p) => `redis://127.0.0.1:${p}`),
    async stop () {
      for (const node of nodes) await stopRedisServer(node)
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

async function waitForClusterOk (port, ms = 15000) {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      const info = execFileSync(REDIS_CLI, ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8', timeout: 2000 })
      if (info.includes('cluster_state:ok')) return
    } catch (_) {}
    if (Date.now() > deadline) throw new Error(`the cluster at port ${port} did not reach cluster_state:ok`)
    await sleep(100)
  }
}

// Resolves once `count` replicas are known to the cluster and each has synced its master.
async function waitForReplicas (ports, count, ms = 20000) {
  const deadline = Date.now() + ms
  const cli = (port, ...args) => execFileSync(REDIS_CLI, ['-p', String(port), ...args], { encoding: 'utf8', timeout: 2000 })
  for (;;) {
    try {
      const replicaPorts = cli(ports[0], 'cluster', 'nodes').split('\n')
        .filter((line) => / (slave|replica) /.test(line))
        .map((line) => Number(line.split(' ')[1].split(':')[1].split('@')[0]))
      if (replicaPorts.length === count &&
          replicaPorts.every((port) => cli(port, 'info', 'replication').includes('master_link_status:up'))) return
    } catch (_) {}
    if (Date.now() > deadline) throw new Error(`the cluster's ${count} replicas did not sync`)
    await sleep(100)
  }
}

module.exports = {
  START_TIMEOUT_MS,
  REDIS_CLI,
  waitForClusterOk,
  freePort,
  waitForPong,
  waitForTlsPort,
  startRedisServer,
  startedRedisServer,
  stopRedisServer,
  startCluster
}
