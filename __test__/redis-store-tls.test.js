'use strict'

// RedisStore over TLS (rediss://) to a private redis-server with a tls-port and certificates
// made here with openssl: a CA the store is told to trust, and a server certificate for
// 127.0.0.1. Without the CA the connection is refused cleanly.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const session = require('..')
const services = require('./support/services')
const { freePort, startedRedisServer, stopRedisServer, waitForTlsPort } = require('./support/redis-server')

function openssl (args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: 'ignore', timeout: 30000 })
}

// A CA and a server certificate signed by it for IP 127.0.0.1, in `dir`.
function makeCertificates (dir) {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=esrs test CA',
    '-keyout', 'ca.key', '-out', 'ca.crt'], dir)
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr'], dir)
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n')
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'ext.cnf', '-out', 'server.crt'], dir)
}

describe('RedisStore over TLS', () => {
  let binary
  let dir
  let redis
  let port
  const stores = []

  before(async () => {
    binary = services.redisServerBinary()
    if (!binary) return
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-tls-'))
    makeCertificates(dir)
    port = await freePort()
    redis = await startedRedisServer(binary, 0, [
      '--tls-port', String(port),
      '--tls-cert-file', path.join(dir, 'server.crt'),
      '--tls-key-file', path.join(dir, 'server.key'),
      '--tls-ca-cert-file', path.join(dir, 'ca.crt'),
      '--tls-auth-clients', 'no'
    ], { ready: () => waitForTlsPort(port) })
  })

  after(async () => {
    for (const store of stores) await store.close()
    if (redis) await stopRedisServer(redis)
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('stores and reads sessions over rediss:// with the CA it is given', async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const store = new session.RedisStore({ url: `rediss://127.0.0.1:${port}`, tls: { ca: fs.readFileSync(path.join(dir, 'ca.crt')) } })
    stores.push(store)
    const sess = { cookie: { expires: new Date(Date.now() + 60000).toISOString() }, secret: 'over tls' }
    await store.set('tls1', sess)
    assert.deepEqual(await store.get('tls1'), sess)
    assert.deepEqual(await store.ids(), ['tls1'])
  })

  it('refuses a server whose certificate it cannot verify, with a clean error', async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const store = new session.RedisStore({ url: `rediss://127.0.0.1:${port}`, commandTimeout: 2000 })
    stores.push(store)
    await assert.rejects(store.get('tls1'), (err) => {
      assert.match(err.code, /^ERR_REDIS_(CONNECTION|COMMAND)$/)
      assert.match(err.message, /certificate|tls|UnknownIssuer/i)
      return true
    })
  })
})
