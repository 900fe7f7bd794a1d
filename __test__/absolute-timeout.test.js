'use strict'

// Issue 17, item 4: `absoluteTimeout` ends a session that long after it was created,
// whatever rolling, touch and resave do. The creation time is a top-level member of the
// stored session (`_createdAt`), which express-session reads as ordinary data.
// On the native MemoryStore and connect-pg-simple, with a fixed clock.

const { describe, test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const { featureStores } = require('./support/feature-stores')
const { listen, createUser } = require('./support/http-client')
const { skipIfMissing } = require('./support/services')
const { fixedClock, quietly } = require('./support/apps')

const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const OPTIONS = { secret: 'absolute', resave: false, saveUninitialized: false, cookie: { maxAge: 3 * HOUR } }

function app (sessionModule, store, options) {
  const server = express()
  server.use(sessionModule({ ...OPTIONS, store, ...options }))
  server.post('/write', (req, res) => {
    req.session.value = 'kept'
    res.json({ id: req.sessionID })
  })
  server.get('/read', (req, res) => {
    res.json({ id: req.sessionID, value: req.session.value === undefined ? null : req.session.value, createdAt: req.session._createdAt })
  })
  server.post('/regenerate', (req, res, next) => {
    req.session.regenerate({ keep: true }, (err) => (err ? next(err) : res.json({ id: req.sessionID })))
  })
  return server
}

async function withApp (server, fn) {
  const running = await listen(server)
  try {
    return await fn(createUser(running.origin))
  } finally {
    await running.close()
  }
}

describe('absoluteTimeout option', () => {
  test('must be a positive finite number of milliseconds', () => {
    const message = 'absoluteTimeout option must be a positive finite number of milliseconds'
    for (const absoluteTimeout of [0, -1, '1h', Infinity, NaN, null, true]) {
      assert.throws(() => session({ ...OPTIONS, absoluteTimeout }), { name: 'TypeError', message }, String(absoluteTimeout))
    }
    assert.equal(typeof session({ ...OPTIONS, absoluteTimeout: HOUR }), 'function')
  })
})

for (const kind of featureStores) {
  describe(`absoluteTimeout on ${kind.name}`, () => {
    let backend
    before(async () => { backend = await kind.open(session) })
    after(async () => { if (backend) await backend.close() })

    test('the session ends that long after creation although rolling and resave keep it alive', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const clock = fixedClock(t)
      const created = clock.now()
      await withApp(app(session, backend.createStore(), { absoluteTimeout: HOUR, rolling: true, resave: true }), async (user) => {
        const { id } = (await user.post('/write')).json
        assert.equal((await backend.held(id))._createdAt, created)
        for (let i = 0; i < 2; i++) {
          clock.advance(25 * MINUTE)
          const read = await user.get('/read')
          assert.deepEqual(read.json, { id, value: 'kept', createdAt: created })
          assert.equal(read.setCookies.length, 1) // rolling: the cookie is refreshed
        }
        clock.advance(10 * MINUTE) // an hour after creation, 10 minutes after the last request
        const ended = await user.get('/read')
        assert.notEqual(ended.json.id, id)
        assert.equal(ended.json.value, null)
        assert.equal(ended.json.createdAt, clock.now())
        assert.equal(await backend.held(id), null)
      })
    })

    test('a regenerated session is a new session: its clock starts again', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const clock = fixedClock(t)
      await withApp(app(session, backend.createStore(), { absoluteTimeout: HOUR }), async (user) => {
        await user.post('/write')
        clock.advance(50 * MINUTE)
        const { id } = (await user.post('/regenerate')).json
        assert.equal((await backend.held(id))._createdAt, clock.now())
        clock.advance(20 * MINUTE)
        const read = await user.get('/read')
        assert.equal(read.json.id, id)
        assert.equal(read.json.value, 'kept')
      })
    })

    test('a session stored before the option was set is dated at its next request', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const clock = fixedClock(t)
      const store = backend.createStore()
      let cookie, id
      await withApp(app(session, store, {}), async (user) => {
        id = (await user.post('/write')).json.id
        cookie = user.cookie
      })
      assert.equal((await backend.held(id))._createdAt, undefined)
      clock.advance(2 * HOUR)
      await withApp(app(session, store, { absoluteTimeout: HOUR }), async (user) => {
        user.cookie = cookie
        const read = await user.get('/read')
        assert.deepEqual(read.json, { id, value: 'kept', createdAt: clock.now() })
        assert.equal((await backend.held(id))._createdAt, clock.now())
        clock.advance(HOUR)
        assert.notEqual((await user.get('/read')).json.id, id)
      })
    })
  })
}

// What an application switched back to express-session sees: the creation time is one more
// member of the session's data, which it keeps through its saves; switched back again, the
// clock has kept running.
describe('absoluteTimeout with express-session on the same connect-pg-simple table', () => {
  test('express-session reads and keeps the creation time', async (t) => {
    const pgStores = featureStores.find((kind) => kind.name === 'connect-pg-simple')
    const ours = await pgStores.open(session)
    if (skipIfMissing(t, ours, 'PostgreSQL')) return
    t.after(() => ours.close())
    const clock = fixedClock(t)
    const created = clock.now()
    const theirs = require('express-session')
    const ourStore = ours.createStore()
    const theirStore = ours.createStore(theirs)

    let cookie, id
    await withApp(app(session, ourStore, { absoluteTimeout: HOUR }), async (user) => {
      id = (await user.post('/write')).json.id
      cookie = user.cookie
    })
    clock.advance(30 * MINUTE)
    await withApp(quietly(() => app(theirs, theirStore, { resave: true })), async (user) => {
      user.cookie = cookie
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id, value: 'kept', createdAt: created })
    })
    assert.equal((await ours.held(id))._createdAt, created)
    clock.advance(30 * MINUTE)
    await withApp(app(session, ourStore, { absoluteTimeout: HOUR }), async (user) => {
      user.cookie = cookie
      assert.notEqual((await user.get('/read')).json.id, id)
    })
  })
})
