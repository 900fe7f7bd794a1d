'use strict'

// A Redis outage under traffic. The test starts its OWN redis-server (a child process on a
// free loopback port, no persistence), serves an app on connect-redis from it, and stops
// only that process (by its PID) while clients are sending requests:
//   - no request hangs past the client's timeout and the process does not crash;
//   - requests that need the store fail cleanly with a 5xx;
//   - once redis-server is started again on the same port the app recovers: new sessions
//     are stored and read back.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const services = require('./support/services')
const { listen, createUser, sleep } = require('./support/http-client')
const { START_TIMEOUT_MS, freePort, waitForPong, startRedisServer, stopRedisServer } = require('./support/redis-server')

const CLIENT_TIMEOUT_MS = 3000

describe('Redis outage under traffic (connect-redis on a private redis-server)', () => {
  let binary
  let port
  let redis
  let client
  let app
  const clientErrors = []

  before(async () => {
    binary = services.redisServerBinary()
    if (!binary) return
    port = await freePort()
    redis = startRedisServer(binary, port)
    await waitForPong(port, START_TIMEOUT_MS).catch((err) => {
      throw new Error(`${err.message} (${redis.describe()})`)
    })

    const { createClient } = require('redis')
    client = createClient({
      socket: {
        host: '127.0.0.1',
        port,
        connectTimeout: 500,
        // Keep trying every 100 ms: the server comes back on the same port.
        reconnectStrategy: () => 100
      },
      // Fail commands at once while disconnected instead of queueing them…
      disableOfflineQueue: true,
      // …and never let one wait on a dead socket for long.
      commandOptions: { timeout: 1000 }
    })
    client.on('error', (err) => clientErrors.push(err))
    await services.withTimeout(client.connect(), 2000, 'connect to the private redis-server')

    const { RedisStore } = require('connect-redis')
    const web = express()
    web.use(session({
      store: new RedisStore({ client, prefix: 'outage:' }),
      secret: 'outage',
      resave: false,
      saveUninitialized: false
    }))
    web.get('/read', (req, res) => {
      res.json({ value: req.session.value === undefined ? null : req.session.value })
    })
    web.post('/write', (req, res) => {
      req.session.value = req.query.value
      res.json({ written: req.query.value })
    })
    web.get('/health', (req, res) => res.json({ ok: true }))
    web.use((err, req, res, next) => {
      if (res.headersSent) return
      res.status(503).json({ error: err.message })
    })
    app = await listen(web)
  })

  after(async () => {
    if (app) await app.close()
    if (client) {
      try { client.destroy() } catch (_) {}
    }
    if (redis) await stopRedisServer(redis)
  })

  it('fails cleanly while Redis is down and recovers when it is back', { timeout: 20000 }, async (t) => {
    if (services.skipIfMissing(t, binary, 'redis-server')) return

    // Before: sessions work.
    const users = Array.from({ length: 5 }, () => createUser(app.origin, { timeout: CLIENT_TIMEOUT_MS }))
    for (const [i, user] of users.entries()) {
      assert.deepEqual((await user.post(`/write?value=u${i}`)).json, { written: `u${i}` })
      assert.deepEqual((await user.get('/read')).json, { value: `u${i}` })
    }

    // Traffic: every user keeps reading its session until told to stop.
    let running = true
    const outcomes = []
    const traffic = users.map(async (user) => {
      // eslint-disable-next-line no-unmodified-loop-condition -- the test body clears it
      while (running) {
        const started = Date.now()
        try {
          const res = await user.get('/read')
          outcomes.push({ phase: phase(), status: res.status, body: res.json, ms: Date.now() - started })
        } catch (err) {
          outcomes.push({ phase: phase(), error: err.code || err.message, ms: Date.now() - started })
        }
        await sleep(10)
      }
    })
    let down = false
    const phase = () => (down ? 'down' : 'up')

    await sleep(150)
    down = true
    await stopRedisServer(redis)
    await sleep(600)

    // While Redis is down: store reads fail with a 5xx, fast; new sessions that are never
    // written need no store; a new session that is written cannot be stored.
    const stranger = createUser(app.origin, { timeout: CLIENT_TIMEOUT_MS })
    const health = await stranger.get('/health')
    assert.equal(health.status, 200, 'a request that does not need the store is served')
    const read = await users[0].get('/read')
    assert.equal(read.status, 503)
    assert.match(read.json.error, /./)
    const write = await stranger.post('/write?value=lost')
    // express-session semantics: the failed save reaches next(err) after the response; the
    // session is not in the store (checked after recovery below).
    assert.ok(write.status === 200 || write.status >= 500, `write during outage: ${write.status}`)

    running = false
    await Promise.all(traffic)

    const duringOutage = outcomes.filter((o) => o.phase === 'down')
    assert.ok(duringOutage.length > 0, 'traffic continued during the outage')
    for (const o of outcomes) {
      assert.equal(o.error, undefined, `no request may hang or lose its connection: ${JSON.stringify(o)}`)
      assert.ok(o.ms < CLIENT_TIMEOUT_MS, JSON.stringify(o))
      if (o.phase === 'up') assert.equal(o.status, 200, JSON.stringify(o))
      else assert.ok(o.status === 200 || o.status >= 500, JSON.stringify(o))
    }
    assert.ok(duringOutage.some((o) => o.status >= 500), 'requests that need the store fail with a 5xx')
    assert.ok(clientErrors.length > 0, 'the redis client reported the outage')
    const tally = {}
    for (const o of duringOutage) tally[o.status] = (tally[o.status] || 0) + 1
    t.diagnostic(`during the outage: ${JSON.stringify(tally)} (status: count); new-session write: ${write.status}`)

    // Back up on the same port: the client reconnects and the app recovers.
    redis = startRedisServer(binary, port)
    await waitForPong(port, START_TIMEOUT_MS)
    const deadline = Date.now() + 5000
    while (!client.isReady && Date.now() < deadline) await sleep(50)
    assert.ok(client.isReady, 'the redis client reconnected')

    const fresh = createUser(app.origin, { timeout: CLIENT_TIMEOUT_MS })
    assert.deepEqual((await fresh.post('/write?value=again')).json, { written: 'again' })
    assert.deepEqual((await fresh.get('/read')).json, { value: 'again' })
    // The restarted server kept nothing (no persistence): old cookies start afresh.
    const old = await users[1].get('/read')
    assert.equal(old.status, 200)
    assert.deepEqual(old.json, { value: null })
    const stored = await client.keys('outage:*')
    assert.equal(stored.length, 1, `only the session written after recovery is stored: ${stored}`)
  })
})
