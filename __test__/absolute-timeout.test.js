'use strict'

// Issue 17, item 4: `absoluteTimeout` ends a session that long after it was created,
// whatever rolling, touch and resave do. The creation time is a top-level member of the
// stored session (`_createdAt`), which express-session reads as ordinary data.
// On the native MemoryStore, connect-pg-simple and the native RedisStore, with a fixed clock.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const session = require('..')
const { connectPgSimple, forEachFeatureStore } = require('./support/feature-stores')
const { valueApp, withUser } = require('./support/feature-apps')
const { skipIfMissing } = require('./support/services')
const { fixedClock, quietly } = require('./support/apps')

const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const OPTIONS = { secret: 'absolute', resave: false, saveUninitialized: false, cookie: { maxAge: 3 * HOUR } }

function app (sessionModule, store, options) {
  return valueApp(sessionModule, store, { ...OPTIONS, ...options })
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

forEachFeatureStore('absoluteTimeout', session, (kind) => {
  test('the session ends that long after creation although rolling and resave keep it alive', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const clock = fixedClock(t)
    const created = clock.now()
    await withUser(app(session, backend.createStore(), { absoluteTimeout: HOUR, rolling: true, resave: true }), undefined, async (user) => {
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
    if (kind.skip(t)) return
    const backend = kind.backend
    const clock = fixedClock(t)
    await withUser(app(session, backend.createStore(), { absoluteTimeout: HOUR }), undefined, async (user) => {
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
    if (kind.skip(t)) return
    const backend = kind.backend
    const clock = fixedClock(t)
    const store = backend.createStore()
    let cookie, id
    await withUser(app(session, store, {}), undefined, async (user) => {
      id = (await user.post('/write')).json.id
      cookie = user.cookie
    })
    assert.equal((await backend.held(id))._createdAt, undefined)
    clock.advance(2 * HOUR)
    await withUser(app(session, store, { absoluteTimeout: HOUR }), cookie, async (user) => {
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id, value: 'kept', createdAt: clock.now() })
      assert.equal((await backend.held(id))._createdAt, clock.now())
      clock.advance(HOUR)
      assert.notEqual((await user.get('/read')).json.id, id)
    })
  })
})

// What an application switched back to express-session sees: the creation time is one more
// member of the session's data, which it keeps through its saves; switched back again, the
// clock has kept running.
describe('absoluteTimeout with express-session on the same connect-pg-simple table', () => {
  test('express-session reads and keeps the creation time', async (t) => {
    const ours = await connectPgSimple(session)
    if (skipIfMissing(t, ours, 'PostgreSQL')) return
    t.after(() => ours.close())
    const clock = fixedClock(t)
    const created = clock.now()
    const theirs = require('express-session')
    const ourStore = ours.createStore()
    const theirStore = ours.createStore(theirs)

    let cookie, id
    await withUser(app(session, ourStore, { absoluteTimeout: HOUR }), undefined, async (user) => {
      id = (await user.post('/write')).json.id
      cookie = user.cookie
    })
    clock.advance(30 * MINUTE)
    await withUser(quietly(() => app(theirs, theirStore, { resave: true })), cookie, async (user) => {
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id, value: 'kept', createdAt: created })
    })
    assert.equal((await ours.held(id))._createdAt, created)
    clock.advance(30 * MINUTE)
    await withUser(app(session, ourStore, { absoluteTimeout: HOUR }), cookie, async (user) => {
      assert.notEqual((await user.get('/read')).json.id, id)
    })
  })
})
