'use strict'

// Issue 17, item 7: `touchAfter` skips the store's touch when the session was touched (or
// saved) less than that long ago; with `rolling`, the cookie is still refreshed. The time
// of the last write is read from the stored cookie (expires - originalMaxAge).
// On the native MemoryStore, connect-pg-simple and the native RedisStore, with a fixed clock.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const session = require('..')
const { forEachFeatureStore } = require('./support/feature-stores')
const { valueApp, withUser } = require('./support/feature-apps')
const { fixedClock } = require('./support/apps')

const MINUTE = 60 * 1000
const DAY = 24 * 60 * MINUTE
const OPTIONS = { secret: 'touch less', resave: false, saveUninitialized: false, cookie: { maxAge: DAY } }

function app (store, options) {
  return valueApp(session, store, { ...OPTIONS, ...options })
}

function expiresOf (setCookie) {
  return Date.parse(/; Expires=([^;]+)/.exec(setCookie)[1])
}

describe('touchAfter option', () => {
  test('must be a non-negative finite number of milliseconds', () => {
    const message = 'touchAfter option must be a non-negative finite number of milliseconds'
    for (const touchAfter of [-1, '10m', Infinity, NaN, null, true]) {
      assert.throws(() => session({ ...OPTIONS, touchAfter }), { name: 'TypeError', message }, String(touchAfter))
    }
    assert.equal(typeof session({ ...OPTIONS, touchAfter: 0 }), 'function')
  })
})

forEachFeatureStore('touchAfter', session, (kind) => {
  test('no touch within touchAfter of the last write; the next one after it', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const clock = fixedClock(t)
    const created = clock.now()
    await withUser(app(backend.createStore(), { touchAfter: 10 * MINUTE }), undefined, async (user) => {
      const { id } = (await user.post('/write')).json
      assert.equal(await backend.expiresAt(id), created + DAY)
      clock.advance(5 * MINUTE)
      assert.deepEqual((await user.get('/read')).json, { id, value: 'kept' })
      assert.equal(await backend.expiresAt(id), created + DAY, 'touched within touchAfter')
      clock.advance(6 * MINUTE)
      assert.deepEqual((await user.get('/read')).json, { id, value: 'kept' })
      assert.equal(await backend.expiresAt(id), clock.now() + DAY, 'not touched after touchAfter')
      // That touch counts as the last one on a store whose touch rewrites the stored
      // cookie (the native MemoryStore); connect-pg-simple's only moves its expire column,
      // RedisStore's only the key's TTL.
      clock.advance(5 * MINUTE)
      await user.get('/read')
      const expected = kind.name === 'native MemoryStore' ? clock.now() - 5 * MINUTE + DAY : clock.now() + DAY
      assert.equal(await backend.expiresAt(id), expected)
    })
  })

  test('with rolling, the cookie is refreshed while the store is not touched', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const clock = fixedClock(t)
    const created = clock.now()
    await withUser(app(backend.createStore(), { touchAfter: 10 * MINUTE, rolling: true }), undefined, async (user) => {
      const { id } = (await user.post('/write')).json
      clock.advance(5 * MINUTE)
      const read = await user.get('/read')
      assert.equal(read.setCookies.length, 1)
      assert.equal(expiresOf(read.setCookies[0]), clock.now() + DAY)
      assert.equal(await backend.expiresAt(id), created + DAY)
    })
  })

  test('without the option, every request touches', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const clock = fixedClock(t)
    await withUser(app(backend.createStore(), {}), undefined, async (user) => {
      const { id } = (await user.post('/write')).json
      clock.advance(5 * MINUTE)
      await user.get('/read')
      assert.equal(await backend.expiresAt(id), clock.now() + DAY)
    })
  })
})
