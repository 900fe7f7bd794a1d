'use strict'

// Our MemoryStore's public API next to express-session 1.19.0's MemoryStore: the same
// calls on both, the same answers.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const { implementations, fixedClock } = require('./support/apps')

const { ours, theirs } = implementations
const MINUTE = 60 * 1000
const STORES = [['theirs', theirs], ['ours', ours]]

// Calls `method` and resolves with the arguments its callback received.
function call (store, method, ...args) {
  return new Promise((resolve) => store[method](...args, (...results) => resolve(results)))
}

// Runs `scenario(store, session)` on a fresh store of each kind.
// `options` go to our store only (express-session's takes none).
async function bothStores (scenario, options) {
  const results = {}
  for (const [name, session] of STORES) results[name] = await scenario(new session.MemoryStore(options), session)
  return results
}

// A session as the middleware hands it to the store: a Session with a Cookie, cookie first.
function middlewareSession (session, data, cookieOptions = { maxAge: MINUTE }) {
  const sess = new session.Session({ sessionID: 'sid' })
  sess.cookie = new session.Cookie(cookieOptions)
  return Object.assign(sess, data)
}

describe('MemoryStore get and set', () => {
  test('get answers with the JSON data of what was set', async (t) => {
    fixedClock(t)
    const results = await bothStores(async (store, session) => {
      await call(store, 'set', 'a', middlewareSession(session, { user: 'ann', cart: [1, { n: 2 }] }, { maxAge: MINUTE, sameSite: 'lax' }))
      const [err, sess] = await call(store, 'get', 'a')
      return { err, text: JSON.stringify(sess), expiresType: typeof sess.cookie.expires }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.equal(results.ours.err, null)
    assert.equal(results.ours.expiresType, 'string')
    assert.equal(results.ours.text,
      '{"cookie":{"originalMaxAge":60000,"expires":"2030-05-06T07:09:09.000Z","httpOnly":true,"path":"/","sameSite":"lax"},' +
      '"user":"ann","cart":[1,{"n":2}]}')
  })

  test('each get answers with a new object', async () => {
    const results = await bothStores(async (store, session) => {
      await call(store, 'set', 'a', middlewareSession(session, { n: 1 }))
      const [, first] = await call(store, 'get', 'a')
      first.n = 2
      const [, second] = await call(store, 'get', 'a')
      return { distinct: first !== second, n: second.n }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, { distinct: true, n: 1 })
  })

  test('get of an unknown ID answers (null, undefined)', async () => {
    const results = await bothStores((store) => call(store, 'get', 'missing'))
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, [null, undefined])
  })

  // Ours gives such a session an idle lifetime (`ttl`, one day by default: a deliberate
  // difference, tested with the production options); `ttl: Infinity` is the original.
  test('a session without a cookie is kept as it was and, with ttl: Infinity, never expires', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store) => {
      await call(store, 'set', 'plain', { n: 1, list: ['x'] })
      clock.advance(365 * 24 * 60 * MINUTE)
      const [, sess] = await call(store, 'get', 'plain')
      return sess
    }, { ttl: Infinity })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, { n: 1, list: ['x'] })
  })

  test('the stored JSON keeps the order of the session\'s members', async () => {
    const results = await bothStores(async (store) => {
      await call(store, 'set', 'a', { user: 'ann', cookie: { originalMaxAge: null, path: '/' }, n: 1 })
      const [, sess] = await call(store, 'get', 'a')
      return { keys: Object.keys(sess), text: store.sessions.a }
    })
    assert.deepEqual(results.theirs, { keys: ['user', 'cookie', 'n'], text: '{"user":"ann","cookie":{"originalMaxAge":null,"path":"/"},"n":1}' })
    assert.deepEqual(results.ours, results.theirs)
  })
})

describe('MemoryStore expiry', () => {
  test('a session is not returned once cookie.expires is reached', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store, session) => {
      await call(store, 'set', 'short', middlewareSession(session, { n: 1 }, { maxAge: 100 }))
      await call(store, 'set', 'long', middlewareSession(session, { n: 2 }, { maxAge: MINUTE }))
      const seen = []
      for (const step of [99, 1]) {
        clock.advance(step)
        const [, sess] = await call(store, 'get', 'short')
        const [, all] = await call(store, 'all')
        const [, length] = await call(store, 'length')
        seen.push({ short: sess && sess.n, ids: Object.keys(all).sort(), length })
      }
      return seen
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, [
      { short: 1, ids: ['long', 'short'], length: 2 },
      { short: undefined, ids: ['long'], length: 1 }
    ])
  })

  test('cookie.expires is read as a date string, a Date or a number of ms', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store) => {
      const now = clock.now()
      const sessions = {
        isoPast: { cookie: { expires: new Date(now - 1).toISOString() } },
        isoFuture: { cookie: { expires: new Date(now + MINUTE).toISOString() } },
        httpDateFuture: { cookie: { expires: new Date(now + MINUTE).toUTCString() } },
        datePast: { cookie: { expires: new Date(now - 1) } },
        msPast: { cookie: { expires: now - 1 } },
        msFuture: { cookie: { expires: now + MINUTE } },
        unparseable: { cookie: { expires: 'not a date' } },
        nullExpires: { cookie: { expires: null } },
        nullCookie: { cookie: null }
      }
      const present = {}
      for (const [id, sess] of Object.entries(sessions)) {
        await call(store, 'set', id, sess)
        const [, found] = await call(store, 'get', id)
        present[id] = found !== undefined
      }
      return present
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, {
      isoPast: false,
      isoFuture: true,
      httpDateFuture: true,
      datePast: false,
      msPast: false,
      msFuture: true,
      unparseable: true,
      nullExpires: true,
      nullCookie: true
    })
  })

  test('the expiry is the one in the JSON that was stored', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store) => {
      const now = clock.now()
      // toJSON decides what is stored: here, data without a cookie, so no expiry
      const sess = { cookie: { expires: new Date(now - 1) }, toJSON: () => ({ kept: true }) }
      await call(store, 'set', 'custom', sess)
      const [, found] = await call(store, 'get', 'custom')
      return found
    })
    assert.deepEqual(results.theirs, { kept: true })
    assert.deepEqual(results.ours, results.theirs)
  })
})

describe('MemoryStore touch, destroy, all, length and clear', () => {
  test('touch replaces the stored cookie and nothing else', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store, session) => {
      const start = clock.now()
      await call(store, 'set', 'a', middlewareSession(session, { n: 1 }))
      clock.advance(1000)
      const touched = middlewareSession(session, { n: 2 }, { maxAge: 2 * MINUTE, domain: 'example.com' })
      const args = await call(store, 'touch', 'a', touched)
      const [, sess] = await call(store, 'get', 'a')
      return { args, n: sess.n, domain: sess.cookie.domain, expiresIn: Date.parse(sess.cookie.expires) - start }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, { args: [], n: 1, domain: 'example.com', expiresIn: 1000 + 2 * MINUTE })
  })

  test('touch does not create a session nor revive an expired one', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store, session) => {
      await call(store, 'set', 'old', middlewareSession(session, { n: 1 }, { maxAge: 10 }))
      clock.advance(10)
      await call(store, 'touch', 'old', middlewareSession(session, { n: 1 }))
      await call(store, 'touch', 'never', middlewareSession(session, { n: 1 }))
      const [, all] = await call(store, 'all')
      return Object.keys(all)
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, [])
  })

  test('touch with a session that has no cookie removes the stored cookie', async () => {
    const results = await bothStores(async (store, session) => {
      await call(store, 'set', 'a', middlewareSession(session, { n: 1 }))
      await call(store, 'touch', 'a', { n: 2 })
      const [, sess] = await call(store, 'get', 'a')
      return sess
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, { n: 1 })
  })

  test('destroy, all, length and clear', async () => {
    const results = await bothStores(async (store, session) => {
      for (const id of ['a', 'b', 'c']) await call(store, 'set', id, middlewareSession(session, { who: id }))
      const destroyArgs = await call(store, 'destroy', 'b')
      await call(store, 'destroy', 'unknown')
      const [allErr, all] = await call(store, 'all')
      const [lengthErr, length] = await call(store, 'length')
      const clearArgs = await call(store, 'clear')
      const [, lengthAfter] = await call(store, 'length')
      const [, allAfter] = await call(store, 'all')
      return {
        destroyArgs,
        allErr,
        allPrototype: Object.getPrototypeOf(all),
        all: Object.fromEntries(Object.entries(all).map(([id, sess]) => [id, sess.who])),
        lengthErr,
        length,
        clearArgs,
        lengthAfter,
        allAfter: Object.keys(allAfter)
      }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, {
      destroyArgs: [],
      allErr: null,
      allPrototype: null,
      all: { a: 'a', c: 'c' },
      lengthErr: null,
      length: 2,
      clearArgs: [],
      lengthAfter: 0,
      allAfter: []
    })
  })

  test('all lists the sessions in the order they were stored', async () => {
    const ids = ['zeta', 'alpha', 'mid', 'beta', 'omega']
    const results = await bothStores(async (store) => {
      for (const id of ids) await call(store, 'set', id, { id })
      const [, all] = await call(store, 'all')
      return Object.keys(all)
    })
    assert.deepEqual(results.theirs, ids)
    assert.deepEqual(results.ours, results.theirs)
  })
})

describe('MemoryStore callbacks', () => {
  const CALLS = [
    ['get', ['a']],
    ['set', ['b', { n: 1 }]],
    ['touch', ['a', { cookie: { path: '/' } }]],
    ['destroy', ['b']],
    ['all', []],
    ['length', []],
    ['clear', []]
  ]

  test('every callback is called after the method has returned', async () => {
    for (const [name, session] of STORES) {
      const store = new session.MemoryStore()
      await call(store, 'set', 'a', { n: 1 })
      for (const [method, args] of CALLS) {
        let returned = false
        const calledLate = await new Promise((resolve) => {
          store[method](...args, () => resolve(returned))
          returned = true
        })
        assert.equal(calledLate, true, `${name} ${method}`)
      }
    }
  })

  test('set, touch, destroy, all and clear work without a callback', async () => {
    const results = await bothStores(async (store) => {
      store.set('a', { n: 1 })
      store.set('b', { n: 2 })
      store.touch('a', { cookie: { path: '/' } })
      store.destroy('b')
      store.all()
      const [, all] = await call(store, 'all')
      store.clear()
      const [, length] = await call(store, 'length')
      return { all: { ...all }, length }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, { all: { a: { n: 1, cookie: { path: '/' } } }, length: 0 })
  })
})

describe('MemoryStore sessions', () => {
  test('store.sessions maps each ID to the JSON text of its session', async (t) => {
    fixedClock(t)
    const results = await bothStores(async (store, session) => {
      const sess = middlewareSession(session, { user: 'ann' })
      await call(store, 'set', 'a', sess)
      await call(store, 'set', 'b', { n: 1 })
      const sessions = store.sessions
      return { ids: Object.keys(sessions).sort(), a: sessions.a, b: sessions.b, aIsJson: sessions.a === JSON.stringify(sess) }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, {
      ids: ['a', 'b'],
      a: '{"cookie":{"originalMaxAge":60000,"expires":"2030-05-06T07:09:09.000Z","httpOnly":true,"path":"/"},"user":"ann"}',
      b: '{"n":1}',
      aIsJson: true
    })
  })

  test('store.sessions follows set, destroy and clear', async () => {
    const results = await bothStores(async (store) => {
      const seen = []
      await call(store, 'set', 'a', { n: 1 })
      seen.push(Object.keys(store.sessions))
      await call(store, 'set', 'a', { n: 2 })
      seen.push(store.sessions.a)
      await call(store, 'destroy', 'a')
      seen.push(Object.keys(store.sessions))
      await call(store, 'set', 'b', { n: 3 })
      await call(store, 'clear')
      seen.push(Object.keys(store.sessions))
      return seen
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.deepEqual(results.ours, [['a'], '{"n":2}', [], []])
  })

  test('store.sessions still lists an expired session that nobody has read', async (t) => {
    const clock = fixedClock(t)
    const results = await bothStores(async (store, session) => {
      await call(store, 'set', 'gone', middlewareSession(session, {}, { maxAge: 10 }))
      clock.advance(10)
      const before = Object.keys(store.sessions)
      await call(store, 'get', 'gone')
      return { before, after: Object.keys(store.sessions) }
    })
    assert.deepEqual(results.theirs, { before: ['gone'], after: [] })
    assert.deepEqual(results.ours, results.theirs)
  })
})
