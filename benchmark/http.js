'use strict'

// HTTP benchmark: wrk against one server process per configuration on 127.0.0.1, the
// configurations interleaved over several rounds so drift cancels. Reports req/s, p99
// latency and the server's CPU µs per request as medians with min..max, and ratios
// against the best of the bare references and express-session from the same run
// (see implementations.js for why there are three bare references).
// Usage: node benchmark/http.js [--rounds 3] [--duration 3] [--connections 50]
//                               [--frameworks express4,express5] [--shapes NEW,READ,WRITE,ROLLING]
//                               [--implementations bare,express-session,...] [--no-pin]
//                               [--node all|26,24|<path>] [--output file.json]
// With --node, the benchmark runs under each of those Node binaries in turn (see
// per-node.js), each writing results/http-node<major>.json; then chart.js draws them all.
// On a machine with two or more cores the server runs on core 0 and wrk (one thread) on
// core 1, so the client never takes CPU from the server being measured; --no-pin lets
// the scheduler place both.

const { execFileSync, spawn } = require('child_process')
const fs = require('fs')
const http = require('http')
const os = require('os')
const path = require('path')
const { parseArgs } = require('util')
const shapes = require('./shapes')
const implementations = require('./implementations')
const { runPerNode } = require('./per-node')

// Before reading the arguments: runPerNode takes --node out of them.
const delegated = runPerNode(__filename)

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    implementations: { type: 'string', default: implementations.defaultNames() },
    'no-pin': { type: 'boolean', default: false },
    frameworks: { type: 'string', default: 'express4,express5' },
    shapes: { type: 'string', default: shapes.all.map((s) => s.name).join(',') },
    output: { type: 'string', default: path.join(__dirname, 'results', `http-node${process.versions.node.split('.')[0]}.json`) }
  }
})

const PIN = !args['no-pin'] && os.cpus().length >= 2 && hasTaskset()
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

function ensureWrk () {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
  } catch (err) {
    if (err.code !== 'ENOENT') return
    console.error('wrk not found: installing it with apt-get')
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'inherit' })
  }
}

function hasTaskset () {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

// The command line, on the given core when pinning.
function onCore (core, command, commandArgs) {
  return PIN ? ['taskset', ['-c', String(core), command, ...commandArgs]] : [command, commandArgs]
}

function startServer (framework, impl, shape) {
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = onCore(0, process.execPath, [path.join(__dirname, 'server.js'), framework, impl.name, shape.name])
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('error', reject)
    child.stdout.once('data', (data) => resolve({ child, port: Number(String(data).trim()) }))
  })
}

function get (port, pathname, cookie) {
  return new Promise((resolve, reject) => {
    // A connection each: Node 20's keep-alive agent reuses a socket the server closes after 5 s
    // idle (the length of a warm-up and a run), which fails with 'socket hang up'.
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers: cookie ? { cookie } : {}, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { body += chunk })
      res.on('end', () => {
        const setCookie = res.headers['set-cookie']
        resolve({ body, cookie: setCookie ? setCookie[0].split(';')[0] : undefined })
      })
    })
    req.on('error', reject)
  })
}

// Every configuration proves it measures what its shape claims before it is timed.
async function validate (config) {
  const { port, cookie, shape, impl } = config
  const first = await get(port, '/', cookie)
  const second = await get(port, '/', cookie)
  if (impl.sessionless) return
  const fail = (what) => { throw new Error(`${config.label}: ${what}`) }
  switch (shape.name) {
    case 'NEW':
      if (!first.cookie || !second.cookie || first.cookie === second.cookie) fail('NEW must create a session per request')
      break
    case 'READ':
      if (first.cookie || first.body !== '1') fail('READ must hit the stored session and set no cookie')
      break
    case 'WRITE':
      if (Number(second.body) !== Number(first.body) + 1) fail('WRITE must persist')
      break
    case 'ROLLING':
      if (!first.cookie || !second.cookie || first.body !== '1') fail('ROLLING must set the cookie each time')
      break
  }
}

function cpuTicks (pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return Number(fields[11]) + Number(fields[12])
}

function runWrk (port, cookie, seconds) {
  const wrkArgs = [PIN ? '-t1' : '-t2', `-c${args.connections}`, `-d${seconds}s`, '--latency', `http://127.0.0.1:${port}/`]
  if (cookie) wrkArgs.push('-H', `Cookie: ${cookie}`)
  const out = execFileSync(...onCore(1, 'wrk', wrkArgs)).toString()
  const requests = Number(/(\d+) requests in/.exec(out)[1])
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1])
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out)
  const p99ms = Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]]
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)
  if (errors) throw new Error(`wrk saw ${errors[1]} error responses on port ${port}`)
  return { requests, rps, p99ms }
}

function median (xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function spread (xs, digits) {
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}..${Math.max(...xs).toFixed(digits)})`
}

function machine () {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1]
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`
}

async function main () {
  ensureWrk()
  const frameworks = args.frameworks.split(',')
  const selectedShapes = shapes.all.filter((s) => args.shapes.split(',').includes(s.name))
  const selectedImplementations = implementations.all.filter((i) => args.implementations.split(',').includes(i.name))
  const configs = []
  for (const framework of frameworks) {
    for (const shape of selectedShapes) {
      for (const impl of selectedImplementations) {
        const { child, port } = await startServer(framework, impl, shape)
        const cookie = shape.needsCookie && !impl.sessionless ? (await get(port, '/seed')).cookie : undefined
        const config = { framework, shape, impl, child, port, cookie, label: `${framework} ${shape.name} ${impl.name}`, runs: [] }
        await validate(config)
        configs.push(config)
      }
    }
  }
  try {
    for (let round = 1; round <= Number(args.rounds); round++) {
      console.error(`round ${round}/${args.rounds}`)
      for (const config of configs) {
        runWrk(config.port, config.cookie, Number(args.warmup))
        const before = cpuTicks(config.child.pid)
        const result = runWrk(config.port, config.cookie, Number(args.duration))
        const cpuSeconds = (cpuTicks(config.child.pid) - before) / CLOCK_TICKS
        config.runs.push({ ...result, cpuUsPerRequest: (cpuSeconds * 1e6) / result.requests })
        // Still measuring its shape (a session that expired mid-run would not be).
        await validate(config)
      }
    }
  } finally {
    for (const config of configs) config.child.kill('SIGTERM')
  }
  report(configs, frameworks, selectedShapes)
}

function report (configs, frameworks, selectedShapes) {
  const command = `node benchmark/http.js --rounds ${args.rounds} --duration ${args.duration} --connections ${args.connections} --frameworks ${args.frameworks} --shapes ${args.shapes} --implementations ${args.implementations}${PIN ? '' : ' --no-pin'}`
  const rows = []
  console.log(`\n${command}\n${machine()}; ${PIN ? 'server pinned to core 0, wrk -t1 to core 1' : 'not pinned, wrk -t2'}\n`)
  console.log('| framework | shape | implementation | req/s median (min..max) | × best bare | × express-session | p99 ms | server CPU µs/req | added CPU µs/req | added ÷ express-session\'s |')
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|')
  const rps = (c) => c.runs.map((r) => r.rps)
  const cpu = (c) => median(c.runs.map((r) => r.cpuUsPerRequest))
  for (const framework of frameworks) {
    for (const shape of selectedShapes) {
      const group = configs.filter((c) => c.framework === framework && c.shape === shape)
      const bares = group.filter((c) => c.impl.sessionless)
      const best = bares.reduce((a, b) => (median(rps(b)) > median(rps(a)) ? b : a), bares[0])
      const original = group.find((c) => c.impl.name === 'express-session')
      const originalAdded = best && original ? cpu(original) - cpu(best) : NaN
      for (const config of group) {
        const added = best ? cpu(config) - cpu(best) : NaN
        const row = {
          framework,
          shape: shape.name,
          implementation: config.impl.name,
          bare: Boolean(config.impl.sessionless),
          bestBare: config === best,
          rps: median(rps(config)),
          rpsMin: Math.min(...rps(config)),
          rpsMax: Math.max(...rps(config)),
          vsBestBare: best ? median(rps(config)) / median(rps(best)) : NaN,
          vsExpressSession: original ? median(rps(config)) / median(rps(original)) : NaN,
          p99ms: median(config.runs.map((r) => r.p99ms)),
          cpuUsPerRequest: cpu(config),
          addedCpuUs: added,
          addedVsExpressSession: added / originalAdded
        }
        rows.push(row)
        const name = config === best ? `${config.impl.name} (best bare)` : config.impl.name
        const fixed = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : '')
        const addedText = config.impl.sessionless ? '' : (added >= 0 ? '+' : '') + fixed(added, 1)
        const shareText = config.impl.sessionless ? '' : fixed(row.addedVsExpressSession, 2)
        console.log(`| ${framework} | ${shape.name} | ${name} | ${spread(rps(config), 0)} | ${fixed(row.vsBestBare, 2)} | ${fixed(row.vsExpressSession, 2)} | ${row.p99ms.toFixed(2)} | ${row.cpuUsPerRequest.toFixed(1)} | ${addedText} | ${shareText} |`)
      }
    }
  }
  fs.mkdirSync(path.dirname(args.output), { recursive: true })
  const result = { command, machine: machine(), node: process.version, date: new Date().toISOString(), rows }
  fs.writeFileSync(args.output, JSON.stringify(result, null, 2) + '\n')
}

if (delegated) {
  if (process.exitCode === 0) require('./chart').writeChart()
} else {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
