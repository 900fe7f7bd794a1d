'use strict'

// RedisStore against a private redis-server (started here on a free loopback port, stopped
// by its PID): killed mid-traffic and restarted, paused (command timeouts), a bounded queue,
// and a wrong password. Nothing may hang; errors are clean; `disconnect` / `connect` are
// emitted and the store recovers by itself.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const services = require('./support/services')
const { listen, createUser, sleep } = require('./support/http-client')
const { freePort, startedRedisServer, stopRedisServer } = require('./support/redis-server')

const CLIENT_TIMEOUT_MS = 4000

function once (emitter, event, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${ms} ms`)), ms)
    emitter.once(event, () => { clearTimeout(timer); resolve() })
  })
}

describe('RedisStore faults (private redis-server)', () => {
  let binary
  const started = []
  const stores = []

  function store (options) {
    const made = new session.RedisStore({ commandTimeout: 800, connectTimeout: 500, reconnectMinDelay: 50, reconnectMaxDelay: 400, ...options })
    stores.push(made)
    return made
  }

  async function server (port, args) {
    const child = await startedRedisServer(binary, port, args)
    started.push(child)
    return child
  }

  before(() => {
    binary = services.redisServerBinary()
  })

  after(async () => {
    for (const made of stores) await made.close()
    for (const child of started) await stopRedisServer(child)
  })

  it('Redis killed mid-traffic and restarted: clean errors, disconnect, connect, recovery', { timeout: 30000 }, async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const port = await freePort()
    let redis = await server(port)
    const events = []
    const sessions = store({ url: `redis://127.0.0.1:${port}`, prefix: 'faults:' })
    sessions.on('disconnect', () => events.push('disconnect'))
    sessions.on('connect', () => events.push('connect'))
    const web = express()
    web.use(session({ store: sessions, secret: 'faults', resave: false, saveUninitialized: false }))
    web.get('/read', (req, res) => res.json({ value: (req.session && req.session.value) || null }))
    web.post('/write', (req, res) => { req.session.value = req.query.value; res.json({ ok: true }) })
    web.use((err, req, res, next) => { if (!res.headersSent) res.status(503).json({ error: err.message, code: err.code }) })
    const app = await listen(web)
    let running = true
    try {
      const users = Array.from({ length: 5 }, () => createUser(app.origin, { timeout: CLIENT_TIMEOUT_MS }))
      for (const [i, user] of users.entries()) await user.post(`/write?value=u${i}`)
      assert.deepEqual((await users[0].get('/read')).json, { value: 'u0' })

      const outcomes = []
      const traffic = users.map(async (user) => {
        // eslint-disable-next-line no-unmodified-loop-condition -- cleared below
        while (running) {
          const t0 = Date.now()
          try {
            const res = await user.get('/read')
            outcomes.push({ status: res.status, code: res.json && res.json.code, ms: Date.now() - t0 })
          } catch (err) {
            outcomes.push({ error: err.code || err.message, ms: Date.now() - t0 })
          }
          await sleep(10)
        }
      })
      await sleep(100)
      const disconnected = once(sessions, 'disconnect', 5000)
      await stopRedisServer(redis)
      // Whether a request of the traffic reaches the store before the middleware hears of the
      // disconnect is timing; a call made now always does.
      const downError = await new Promise((resolve) => sessions.get('absent', (err) => resolve(err)))
      assert.match(downError && downError.code, /^ERR_REDIS_(CONNECTION|TIMEOUT)$/)
      await disconnected
      await sleep(300)
      redis = await server(port)
      await once(sessions, 'connect', 10000)
      running = false
      await Promise.all(traffic)

      for (const o of outcomes) {
        assert.equal(o.error, undefined, `no request hangs or loses its connection: ${JSON.stringify(o)}`)
        assert.ok(o.status === 200 || o.status === 503, JSON.stringify(o))
      }
      const failed = outcomes.filter((o) => o.status === 503)
      for (const o of failed) assert.match(o.code, /^ERR_REDIS_(CONNECTION|TIMEOUT)$/)
      assert.deepEqual(events.slice(0, 2), ['disconnect', 'connect'])

      const fresh = createUser(app.origin, { timeout: CLIENT_TIMEOUT_MS })
      assert.equal((await fresh.post('/write?value=again')).status, 200)
      assert.deepEqual((await fresh.get('/read')).json, { value: 'again' })
    } finally {
      // A failed step must not leave the traffic loop running (the file would never end).
      running = false
      await app.close()
    }
  })

  it('a paused server: commands time out, the queue is bounded, and it recovers', { timeout: 20000 }, async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const port = await freePort()
    const redis = await server(port)
    const sessions = store({ url: `redis://127.0.0.1:${port}`, maxQueue: 5 })
    await sessions.set('a', { cookie: {}, n: 1 })
    process.kill(redis.pid, 'SIGSTOP')
    try {
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => sessions.get('a')))
      const codes = results.map((r) => r.status === 'rejected' ? r.reason.code : 'ok')
      assert.equal(codes.filter((c) => c === 'ERR_REDIS_QUEUE_FULL').length, 5, codes.join())
      assert.equal(codes.filter((c) => c === 'ERR_REDIS_TIMEOUT').length, 5, codes.join())
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
    await once(sessions, 'connect', 10000)
    assert.deepEqual(await sessions.get('a'), { cookie: {}, n: 1 })
  })

  it('an operation that needs no command is answered at once while Redis does not answer', { timeout: 20000 }, async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const port = await freePort()
    const redis = await server(port)
    // A fractional TTL is refused before anything is sent.
    const sessions = store({ url: `redis://127.0.0.1:${port}`, ttl: () => 1.5 })
    await sessions.get('warm')
    process.kill(redis.pid, 'SIGSTOP')
    const settled = []
    const note = (name) => [() => settled.push(name), (err) => settled.push(`${name} ${err.code}`)]
    try {
      // Issued in one turn, the GET first: the SET's refusal does not wait for the GET's reply.
      await Promise.all([
        sessions.get('a').then(...note('get')),
        sessions.set('a', { cookie: {} }).then(...note('set'))
      ])
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
    assert.deepEqual(settled, ['set ERR_REDIS_COMMAND', 'get ERR_REDIS_TIMEOUT'])
  })

  it('store-wide operations bound each round trip, not the whole: a large store is counted, listed and cleared', { timeout: 60000 }, async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const port = await freePort()
    const redis = await server(port, ['--enable-debug-command', 'yes'])
    const client = require('redis').createClient({ url: `redis://127.0.0.1:${port}` })
    await client.connect()
    try {
      // 100,000 keys read about 5 per SCAN: some 20,000 round trips per operation, far longer
      // in all than the 300 ms each may take (a round trip takes well under a millisecond).
      await client.sendCommand(['DEBUG', 'POPULATE', '100000', 'big:'])
    } finally {
      await client.quit()
    }
    const sessions = store({ url: `redis://127.0.0.1:${port}`, prefix: 'big:', scanCount: 5, commandTimeout: 300 })
    assert.equal(await sessions.length(), 100000)
    assert.equal((await sessions.ids()).length, 100000)
    await sessions.clear()
    assert.equal(await sessions.length(), 0)
    // Each round trip is still bounded: a server that stops answering fails the operation.
    await sessions.set('a', { cookie: {} })
    process.kill(redis.pid, 'SIGSTOP')
    try {
      await assert.rejects(sessions.length(), { code: 'ERR_REDIS_TIMEOUT' })
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
  })

  it('a wrong password fails every operation cleanly; the right one works', { timeout: 20000 }, async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return
    const port = await freePort()
    await server(port, ['--requirepass', 's3cret'])
    const wrong = store({ url: `redis://:nope@127.0.0.1:${port}` })
    await assert.rejects(wrong.get('x'), (err) => {
      assert.equal(err.code, 'ERR_REDIS_COMMAND')
      assert.match(err.message, /WRONGPASS|auth/i)
      return true
    })
    await assert.rejects(wrong.set('x', { cookie: {} }), { code: 'ERR_REDIS_COMMAND' })
    const right = store({ url: `redis://default:s3cret@127.0.0.1:${port}` })
    await right.set('x', { cookie: {}, ok: true })
    assert.deepEqual(await right.get('x'), { cookie: {}, ok: true })
  })

  it('operations after close fail with ERR_REDIS_CLOSED', async () => {
    const closed = new session.RedisStore({ url: 'redis://127.0.0.1:1' })
    await closed.close()
    await assert.rejects(closed.get('x'), { code: 'ERR_REDIS_CLOSED' })
  })
})
