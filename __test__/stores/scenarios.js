'use strict'

// One conformance suite for third-party session stores used through express-session-rs.
// Each store's test file passes an adapter that knows how to build the store and how to
// look inside it without going through the middleware:
//
//   open()                 -> adapter, or null when the backing service is missing (skip)
//   adapter.createStore()  -> a new store instance (one per app: session() installs
//                             `store.generate` for its own options)
//   adapter.held(id, store)        -> the session object the store holds for `id`, or null
//   adapter.expiresAt(id, store)   -> when the store will drop `id` (ms since epoch), or null
//   adapter.age(id, ms, store)     -> move that expiry to `ms` from now (simulates time passing)
//   adapter.expiryWaitMs           -> after a 1 s maxAge, how long until the store has let go
//   adapter.removesOnExpiry        -> whether `held` is null once expired (else only `get` hides it)
//   adapter.granularityMs          -> slack for stores that keep expiry in whole seconds
//   adapter.base                   -> the Store constructor the store's class must extend
//   adapter.close()
//
// SESSION_IMPL=express-session runs the same suite against express-session 1.19.0 (to check
// that the suite itself describes express-session's behaviour).

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const { listen, createUser, cookiePair, sleep } = require('../support/http-client')

const MAX_AGE = 60000
const SHORT_MAX_AGE = 1000
const AGED_MS = 5000
const SECRET = 'store conformance secret'

function sessionUnderTest () {
  return process.env.SESSION_IMPL === 'express-session'
    ? require('express-session')
    : require('../..')
}

function buildApp (session, store, { maxAge = MAX_AGE, rolling = false } = {}) {
  const app = express()
  app.use(session({
    store,
    secret: SECRET,
    resave: false,
    saveUninitialized: false,
    rolling,
    cookie: { maxAge }
  }))
  app.get('/read', (req, res) => {
    res.json({ id: req.sessionID, value: req.session.value === undefined ? null : req.session.value })
  })
  app.post('/write', (req, res) => {
    req.session.value = req.query.value
    res.json({ id: req.sessionID })
  })
  app.post('/regenerate', (req, res, next) => {
    const before = req.sessionID
    req.session.regenerate((err) => {
      if (err) return next(err)
      req.session.value = 'regenerated'
      res.json({ before, id: req.sessionID })
    })
  })
  // Changes the stored copy behind the request's back, dirties the in-memory copy, then
  // reloads: the response must show the stored copy.
  app.post('/reload', (req, res, next) => {
    const stored = JSON.parse(JSON.stringify(req.session))
    stored.value = 'changed-in-store'
    req.sessionStore.set(req.sessionID, stored, (err) => {
      if (err) return next(err)
      req.session.value = 'dirty-in-memory'
      req.session.reload((err) => {
        if (err) return next(err)
        res.json({ id: req.sessionID, value: req.session.value })
      })
    })
  })
  app.post('/destroy', (req, res, next) => {
    const id = req.sessionID
    req.session.destroy((err) => {
      if (err) return next(err)
      res.json({ destroyed: id })
    })
  })
  app.use((err, req, res, next) => {
    res.status(500).json({ error: err.message })
  })
  return app
}

function assertNear (actual, expected, slack, what) {
  assert.ok(typeof actual === 'number' && Number.isFinite(actual), `${what}: expected a number, got ${actual}`)
  assert.ok(Math.abs(actual - expected) <= slack,
    `${what}: ${actual} is not within ${slack} ms of ${expected} (off by ${actual - expected} ms)`)
}

function runStoreConformance ({ name, open }) {
  const session = sessionUnderTest()

  describe(`${name} through ${process.env.SESSION_IMPL === 'express-session' ? 'express-session' : 'express-session-rs'}`, () => {
    let adapter
    let main
    let rolling
    let short
    const servers = []

    async function start (options) {
      const store = adapter.createStore()
      const server = await listen(buildApp(session, store, options))
      servers.push(server)
      return { store, server, origin: server.origin }
    }

    before(async () => {
      adapter = await open(session)
      if (!adapter) return
      main = await start({})
      rolling = await start({ rolling: true })
      short = await start({ maxAge: SHORT_MAX_AGE })
    })

    after(async () => {
      for (const server of servers) await server.close()
      if (adapter) await adapter.close()
    })

    function skipped (t) {
      if (adapter) return false
      t.skip(`${name}: backing service not available`)
      return true
    }

    const slack = () => 1500 + (adapter.granularityMs || 0)

    it('the store extends the Store it was given', (t) => {
      if (skipped(t)) return
      const base = adapter.base || session.Store
      assert.ok(main.store instanceof base, 'store is not an instance of the expected Store')
      assert.equal(typeof main.store.get, 'function')
      assert.equal(typeof main.store.set, 'function')
      assert.equal(typeof main.store.destroy, 'function')
    })

    it('an untouched new session is neither stored nor sent (saveUninitialized: false)', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const res = await user.get('/read')
      assert.equal(res.status, 200)
      assert.equal(res.json.value, null)
      assert.equal(cookiePair(res), undefined, 'no Set-Cookie for an uninitialized session')
      assert.equal(await adapter.held(res.json.id, main.store), null)
    })

    it('creates a session, stores its JSON with cookie.expires and an expiry of maxAge, and reads it back', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const t0 = Date.now()
      const created = await user.post('/write?value=one')
      const t1 = Date.now()
      assert.equal(created.status, 200)
      assert.ok(user.cookie, 'Set-Cookie sent for the new session')
      const id = created.json.id

      const held = await adapter.held(id, main.store)
      assert.ok(held, 'the store holds the new session')
      assert.equal(held.value, 'one')
      // originalMaxAge is re-read from expires - now when the cookie is touched, so it may lose
      // a few ms to the clock (in express-session as in ours).
      assert.ok(held.cookie.originalMaxAge <= MAX_AGE && held.cookie.originalMaxAge > MAX_AGE - 1000,
        `stored cookie.originalMaxAge ${held.cookie.originalMaxAge} is maxAge`)
      assert.equal(held.cookie.httpOnly, true)
      assert.equal(held.cookie.path, '/')
      assert.equal(typeof held.cookie.expires, 'string', 'cookie.expires is stored as an ISO date string')
      assertNear(Date.parse(held.cookie.expires), (t0 + t1) / 2 + MAX_AGE, (t1 - t0) / 2 + 50, 'stored cookie.expires')
      assertNear(await adapter.expiresAt(id, main.store), (t0 + t1) / 2 + MAX_AGE, (t1 - t0) / 2 + slack(), 'store expiry')

      const read = await user.get('/read')
      assert.equal(read.status, 200)
      assert.deepEqual(read.json, { id, value: 'one' })
      assert.equal(cookiePair(read), undefined, 'no Set-Cookie for an unchanged session (rolling: false)')
    })

    it('modifies a session: the store holds the new value', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const { json: { id } } = await user.post('/write?value=one')
      const modified = await user.post('/write?value=two')
      assert.equal(modified.status, 200)
      assert.equal(modified.json.id, id)
      assert.equal((await adapter.held(id, main.store)).value, 'two')
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id, value: 'two' })
    })

    it('regenerates: a new ID is stored and the old one is gone from the store', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const { json: { id: oldId } } = await user.post('/write?value=one')
      const oldCookie = user.cookie
      const res = await user.post('/regenerate')
      assert.equal(res.status, 200)
      assert.equal(res.json.before, oldId)
      const newId = res.json.id
      assert.notEqual(newId, oldId)
      assert.notEqual(user.cookie, oldCookie, 'a Set-Cookie with the new ID')
      assert.equal(await adapter.held(oldId, main.store), null, 'old session removed')
      assert.equal((await adapter.held(newId, main.store)).value, 'regenerated')
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id: newId, value: 'regenerated' })
    })

    it('reloads: the session is read again from the store', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const { json: { id } } = await user.post('/write?value=one')
      const res = await user.post('/reload')
      assert.equal(res.status, 200, res.text)
      assert.deepEqual(res.json, { id, value: 'changed-in-store' })
      assert.equal((await adapter.held(id, main.store)).value, 'changed-in-store')
    })

    it('touches with resave: false: an unchanged session has its store expiry pushed forward', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const { json: { id } } = await user.post('/write?value=one')
      await adapter.age(id, AGED_MS, main.store)
      const aged = await adapter.expiresAt(id, main.store)
      assert.ok(aged <= Date.now() + AGED_MS + slack(), `expiry was aged (${aged - Date.now()} ms left)`)

      const t0 = Date.now()
      const res = await user.get('/read')
      const t1 = Date.now()
      assert.equal(res.status, 200)
      assert.equal(res.json.value, 'one')
      assert.equal(cookiePair(res), undefined, 'no Set-Cookie (rolling: false, unchanged)')
      const touched = await adapter.expiresAt(id, main.store)
      assert.ok(touched > aged + 10000, `expiry pushed forward (from ${aged - t0} to ${touched - t0} ms ahead)`)
      assertNear(touched, (t0 + t1) / 2 + MAX_AGE, (t1 - t0) / 2 + slack(), 'touched expiry')
      assert.equal((await adapter.held(id, main.store)).value, 'one', 'data unchanged by touch')
    })

    it('rolling: every response sets the cookie and pushes the store expiry', async (t) => {
      if (skipped(t)) return
      const user = createUser(rolling.origin)
      const created = await user.post('/write?value=roll')
      const id = created.json.id
      const first = cookiePair(created)
      assert.ok(first)
      for (let i = 0; i < 2; i++) {
        await adapter.age(id, AGED_MS, rolling.store)
        const t0 = Date.now()
        const res = await user.get('/read')
        assert.equal(res.status, 200)
        assert.deepEqual(res.json, { id, value: 'roll' })
        assert.equal(cookiePair(res), first, `Set-Cookie with the same ID on unchanged request ${i + 1}`)
        const header = res.setCookies.find((h) => h.startsWith('connect.sid='))
        assert.match(header, /; Expires=/)
        assertNear(Date.parse(/Expires=([^;]+)/.exec(header)[1]), t0 + MAX_AGE, 3000, 'cookie Expires')
        assert.ok(await adapter.expiresAt(id, rolling.store) > Date.now() + AGED_MS + 10000, 'store expiry pushed')
      }
    })

    it('destroys: the session is gone from the store and the old cookie starts afresh', async (t) => {
      if (skipped(t)) return
      const user = createUser(main.origin)
      const { json: { id } } = await user.post('/write?value=doomed')
      const res = await user.post('/destroy')
      assert.equal(res.status, 200)
      assert.equal(res.json.destroyed, id)
      assert.equal(await adapter.held(id, main.store), null)
      const read = await user.get('/read')
      assert.equal(read.status, 200)
      assert.equal(read.json.value, null)
      assert.notEqual(read.json.id, id)
    })

    it('expires: after a short maxAge has passed the cookie brings a new, empty session', async (t) => {
      if (skipped(t)) return
      const user = createUser(short.origin)
      const { json: { id } } = await user.post('/write?value=brief')
      const held = await adapter.held(id, short.store)
      assert.equal(held && held.value, 'brief')
      const left = await adapter.expiresAt(id, short.store)
      assert.ok(left - Date.now() <= SHORT_MAX_AGE + (adapter.granularityMs || 0) + 50,
        `store expiry follows maxAge (${left - Date.now()} ms left)`)

      await sleep(adapter.expiryWaitMs)
      const after = await user.get('/read')
      assert.equal(after.status, 200)
      assert.equal(after.json.value, null, 'the expired session is not loaded')
      assert.notEqual(after.json.id, id, 'a new session ID is generated')
      if (adapter.removesOnExpiry) assert.equal(await adapter.held(id, short.store), null)
    })
  })
}

module.exports = { runStoreConformance, sessionUnderTest, buildApp, MAX_AGE, SHORT_MAX_AGE }
