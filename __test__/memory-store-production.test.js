'use strict'

// The native MemoryStore as a production store: options, idle lifetime, the periodic
// sweep, bounds with LRU eviction, stats, memorystore's extras (ids, prune), and JSON
// fidelity of the compact storage (shared cookie templates) against express-session's
// MemoryStore. Time is a fake clock (a mocked Date.now, or mocked timers): no sleeps.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const express = require('express')
const request = require('supertest')

const ours = require('..')
const theirs = require('express-session')
const { nativeMapOf } = require('../lib/memory-store')

const { MemoryStore, Cookie } = ours
const ROOT = path.join(__dirname, '..')
const DAY = 24 * 60 * 60 * 1000
const START = Date.UTC(2030, 4, 6, 7, 8, 9, 0)

// Resolves with the arguments the callback of `store[method](...args, cb)` received.
function call (store, method, ...args) {
  return new Promise((resolve) => store[method](...args, (...results) => resolve(results)))
}

async function get (store, id) {
  const [err, sess] = await call(store, 'get', id)
  assert.equal(err, null)
  return sess
}

// A stubbed Date.now for test `t`.
function fakeClock (t, start = START) {
  let now = start
  t.mock.method(Date, 'now', () => now)
  return {
    now: () => now,
    advance (ms) { now += ms }
  }
}

// A session as the middleware hands it to a store: a Session with a Cookie, cookie first.
function session (data = {}, cookieOptions = { maxAge: 60000 }, lib = ours) {
  const sess = new lib.Session({ sessionID: 'sid' })
  sess.cookie = new lib.Cookie(cookieOptions)
  return Object.assign(sess, data)
}

// Runs `fn` in a fresh Node process; returns its exit status, signal and output.
function runNode (source, args = []) {
  return spawnSync(process.execPath, [...args, '-e', source], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20000,
    killSignal: 'SIGKILL'
  })
}

describe('MemoryStore options', () => {
  test('no options: a one-day idle lifetime, no bounds, a periodic sweep', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore()
    await call(store, 'set', 'a', session({ n: 1 }, {}))
    clock.advance(DAY - 1)
    assert.equal((await get(store, 'a')).n, 1)
    clock.advance(1)
    assert.equal(await get(store, 'a'), undefined)
    assert.equal(store.stats().expirations, 1)
    store.stopInterval()
  })

  test('invalid options are TypeErrors', () => {
    const invalid = [
      'nope', 5,
      { ttl: 0 }, { ttl: -1 }, { ttl: NaN }, { ttl: '1000' }, { ttl: () => 1000 }, { ttl: true },
      { max: 0 }, { max: -5 }, { max: '10' }, { max: NaN },
      { maxBytes: 0 }, { maxBytes: '1mb' },
      { checkPeriod: -1 }, { checkPeriod: '60000' }, { checkPeriod: NaN }
    ]
    for (const options of invalid) {
      assert.throws(() => new MemoryStore(options), TypeError, util.inspect(options))
    }
    for (const options of [undefined, null, {}, { ttl: Infinity }, { ttl: false }, { max: Infinity },
      { max: null }, { maxBytes: 1e9 }, { checkPeriod: 0 }, { checkPeriod: false }, { checkPeriod: Infinity },
      { checkPeriod: 1 }, { checkPeriod: 2 ** 40 }]) {
      new MemoryStore(options).stopInterval()
    }
  })

  test('subclasses made with util.inherits and MemoryStore.call(this) work, options too', async () => {
    function LegacyStore (options) {
      MemoryStore.call(this, options)
    }
    util.inherits(LegacyStore, MemoryStore)
    const store = new LegacyStore({ max: 1 })
    assert.ok(store instanceof ours.Store)
    await call(store, 'set', 'a', { n: 1 })
    await call(store, 'set', 'b', { n: 2 })
    assert.deepEqual(await call(store, 'ids'), [null, ['b']])
    assert.equal(store.stats().evictions, 1)
    store.stopInterval()

    class ModernStore extends MemoryStore {}
    const modern = new ModernStore()
    await call(modern, 'set', 'x', { n: 3 })
    assert.deepEqual(await get(modern, 'x'), { n: 3 })
    modern.stopInterval()
  })
})

describe('MemoryStore idle lifetime (ttl)', () => {
  test('a session without cookie.expires lives ttl ms from its last set or touch; get does not renew', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore({ ttl: 1000, checkPeriod: 0 })
    await call(store, 'set', 'browser', session({ n: 1 }, {}))
    await call(store, 'set', 'plain', { n: 2 })
    await call(store, 'set', 'touched', session({ n: 3 }, {}))
    clock.advance(600)
    assert.ok(await get(store, 'browser'))
    await call(store, 'touch', 'touched', session({}, {}))
    await call(store, 'set', 'plain', { n: 4 })
    clock.advance(400)
    assert.equal(await get(store, 'browser'), undefined, 'get did not renew it')
    assert.deepEqual(await get(store, 'plain'), { n: 4 })
    assert.equal((await get(store, 'touched')).n, 3)
    clock.advance(600)
    assert.deepEqual(await call(store, 'ids'), [null, []])
    assert.deepEqual(await call(store, 'length'), [null, 0])
  })

  test('cookie.expires wins over ttl, both ways', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore({ ttl: 1000, checkPeriod: 0 })
    await call(store, 'set', 'long', session({}, { maxAge: 5000 }))
    await call(store, 'set', 'short', session({}, { maxAge: 500 }))
    clock.advance(500)
    assert.equal(await get(store, 'short'), undefined)
    clock.advance(4499)
    assert.ok(await get(store, 'long'))
    clock.advance(1)
    assert.equal(await get(store, 'long'), undefined)
  })

  test('ttl Infinity or false keeps express-session\'s never-expiring sessions', async (t) => {
    const clock = fakeClock(t)
    for (const ttl of [Infinity, false]) {
      const store = new MemoryStore({ ttl, checkPeriod: 0 })
      await call(store, 'set', 'a', session({ n: 1 }, {}))
      clock.advance(10 * 365 * DAY)
      store.prune()
      assert.equal((await get(store, 'a')).n, 1)
    }
  })

  test('the middleware\'s own reads and writes follow ttl too', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore({ ttl: 60000, checkPeriod: 0 })
    const app = express()
    app.use(ours({ store, secret: 'keyboard cat', resave: false, saveUninitialized: false }))
    app.get('/', (req, res) => {
      req.session.views = (req.session.views || 0) + 1
      res.end(String(req.session.views))
    })
    const first = await request(app).get('/').expect(200, '1')
    const cookie = first.headers['set-cookie'][0].split(';')[0]
    clock.advance(59000)
    await request(app).get('/').set('Cookie', cookie).expect(200, '2')
    clock.advance(59000) // renewed by the save above
    await request(app).get('/').set('Cookie', cookie).expect(200, '3')
    clock.advance(60000)
    await request(app).get('/').set('Cookie', cookie).expect(200, '1')
    assert.equal(store.stats().expirations, 1)
  })
})

describe('MemoryStore sweep', () => {
  test('the periodic sweep removes expired sessions, a slice at a time, without being asked', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: START })
    const store = new MemoryStore({ checkPeriod: 1000 })
    const map = nativeMapOf(store)
    const sweep = map.sweep
    const slices = []
    map.sweep = function (now, budget) {
      const done = sweep.call(this, now, budget)
      slices.push(done)
      return done
    }
    for (let i = 0; i < 20000; i++) map.set('s' + i, undefined, '{}', i % 2 ? START + 500 : START + 5000, START)
    assert.equal(store.stats().sessions, 20000)
    t.mock.timers.tick(999)
    assert.equal(slices.length, 0)
    t.mock.timers.tick(1) // first sweep at 1000 ms: removes the 10,000 expired at 500 ms
    assert.ok(slices.length >= 2, `${slices.length} slices`)
    assert.deepEqual(slices.slice(0, -1).filter(Boolean), [], 'only the last slice ends the pass')
    assert.equal(slices[slices.length - 1], true)
    assert.equal(store.stats().sessions, 10000)
    assert.equal(store.stats().expirations, 10000)
    t.mock.timers.tick(4000) // the rest expire at 5000 ms, the sweep at 5000 ms sees them
    assert.equal(store.stats().sessions, 0)
    assert.equal(store.stats().expirations, 20000)
    store.stopInterval()
    const before = slices.length
    t.mock.timers.tick(10000)
    assert.equal(slices.length, before, 'stopInterval stops the sweep')
  })

  test('store.sessions lists an expired session until it is swept; prune sweeps now', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore({ checkPeriod: 0 })
    await call(store, 'set', 'gone', session({}, { maxAge: 10 }))
    await call(store, 'set', 'kept', session({}, { maxAge: 1000 }))
    clock.advance(10)
    assert.deepEqual(Object.keys(store.sessions), ['gone', 'kept'])
    assert.deepEqual(await call(store, 'ids'), [null, ['kept']])
    assert.deepEqual(await call(store, 'length'), [null, 1])
    assert.equal(store.stats().sessions, 2)
    assert.deepEqual(await call(store, 'prune'), [null, 1])
    assert.deepEqual(Object.keys(store.sessions), ['kept'])
    assert.equal(store.stats().expirations, 1)
    assert.equal(store.prune(), undefined, 'prune() without a callback, as memorystore\'s')
  })

  test('a script that makes a store, sweeping or not, exits on its own', () => {
    const source = `
      const { MemoryStore, Cookie } = require('.')
      const store = new MemoryStore({ checkPeriod: 1 })
      for (let i = 0; i < 50000; i++) store.set('s' + i, { cookie: new Cookie({ maxAge: 1 }), i })
      new MemoryStore()
      setTimeout(() => { console.log('done', store.stats().sessions <= 50000) }, 20)
    `
    const result = runNode(source)
    assert.equal(result.signal, null, 'not killed by the timeout')
    assert.equal(result.status, 0, result.stderr)
    assert.equal(result.stdout.trim(), 'done true')
  })

  test('a store nobody references stops its timer', () => {
    const source = `
      const asyncHooks = require('async_hooks')
      const { MemoryStore } = require('.')
      const live = new Set()
      let tracking = false
      asyncHooks.createHook({
        init (id, type) { if (tracking && type === 'Timeout') live.add(id) },
        destroy (id) { live.delete(id) }
      }).enable()
      tracking = true
      for (let i = 0; i < 20; i++) new MemoryStore({ checkPeriod: 5 })
      tracking = false
      const made = live.size
      global.gc()
      setTimeout(() => {
        global.gc()
        setTimeout(() => console.log(made, live.size), 50)
      }, 50)
    `
    const result = runNode(source, ['--expose-gc'])
    assert.equal(result.status, 0, result.stderr)
    assert.equal(result.stdout.trim(), '20 0')
  })
})

describe('MemoryStore bounds', () => {
  test('max evicts the least recently used; get, set and touch count as use', async () => {
    const store = new MemoryStore({ max: 3, checkPeriod: 0 })
    for (const id of ['a', 'b', 'c']) await call(store, 'set', id, session({ who: id }))
    await get(store, 'a')
    await call(store, 'touch', 'b', session())
    await call(store, 'set', 'd', session({ who: 'd' }))
    assert.deepEqual(await call(store, 'ids'), [null, ['a', 'b', 'd']])
    await call(store, 'set', 'a', session({ who: 'a', n: 2 }))
    await call(store, 'set', 'e', session({ who: 'e' }))
    assert.deepEqual(await call(store, 'ids'), [null, ['d', 'a', 'e']])
    assert.deepEqual(store.stats().evictions, 2)
    assert.equal(await get(store, 'c'), undefined)
  })

  test('maxBytes bounds the bytes of IDs and JSON; a session larger than it is not kept', async () => {
    const one = JSON.stringify(session({ user: 'x' })).length + 1
    const store = new MemoryStore({ maxBytes: 3 * one, checkPeriod: 0 })
    for (const id of ['a', 'b', 'c']) await call(store, 'set', id, session({ user: 'x' }))
    assert.equal(store.stats().bytes, 3 * one)
    await call(store, 'set', 'd', session({ user: 'x' }))
    assert.deepEqual(await call(store, 'ids'), [null, ['b', 'c', 'd']])
    await call(store, 'set', 'big', session({ user: 'x'.repeat(4 * one) }))
    assert.deepEqual(await call(store, 'ids'), [null, ['b', 'c', 'd']])
    assert.equal(store.stats().evictions, 2)
    assert.ok(store.stats().bytes <= 3 * one)
  })

  test('the middleware\'s saves respect max too', async () => {
    const store = new MemoryStore({ max: 2, checkPeriod: 0 })
    const app = express()
    app.use(ours({ store, secret: 'keyboard cat', resave: false, saveUninitialized: true }))
    app.get('/', (req, res) => res.end('ok'))
    for (let i = 0; i < 5; i++) await request(app).get('/').expect(200)
    assert.equal(store.stats().sessions, 2)
    assert.equal(store.stats().evictions, 3)
  })
})

describe('MemoryStore stats, ids, prune, clear', () => {
  test('stats count sessions, bytes, expirations and evictions', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore({ checkPeriod: 0, max: 2 })
    assert.deepEqual(Object.keys(store.stats()), ['sessions', 'bytes', 'expirations', 'evictions', 'heapBytes'])
    const a = session({ n: 1 }, { maxAge: 100 })
    await call(store, 'set', 'a', a)
    await call(store, 'set', 'bb', { n: 2 })
    let stats = store.stats()
    assert.equal(stats.sessions, 2)
    assert.equal(stats.bytes, 1 + JSON.stringify(a).length + 2 + JSON.stringify({ n: 2 }).length)
    assert.ok(stats.heapBytes > stats.bytes)
    await call(store, 'set', 'c', { n: 3 })
    clock.advance(100)
    await get(store, 'bb')
    stats = store.stats()
    assert.deepEqual([stats.sessions, stats.expirations, stats.evictions], [2, 0, 1])
    await call(store, 'clear')
    stats = store.stats()
    assert.deepEqual([stats.sessions, stats.bytes, stats.evictions], [0, 0, 1], 'counters are since start')
  })

  test('ids lists unexpired IDs oldest first, as memorystore\'s (callback optional)', async (t) => {
    const clock = fakeClock(t)
    const store = new MemoryStore({ checkPeriod: 0 })
    for (const id of ['z', 'a', 'm']) await call(store, 'set', id, session({}, { maxAge: id === 'a' ? 10 : 1000 }))
    await call(store, 'destroy', 'z')
    await call(store, 'set', 'q', session())
    clock.advance(10)
    assert.deepEqual(await call(store, 'ids'), [null, ['m', 'q']])
    store.ids()
    let returned = false
    const calledLate = await new Promise((resolve) => {
      store.ids(() => resolve(returned))
      returned = true
    })
    assert.equal(calledLate, true)
  })
})

describe('MemoryStore JSON fidelity (shared cookie templates)', () => {
  const COOKIES = [
    { maxAge: 60000 },
    {},
    { maxAge: 1000, domain: 'example.com', sameSite: 'lax', secure: true, priority: 'high', partitioned: true, path: '/app' },
    { expires: new Date(START + 12345) },
    { maxAge: 1e14 }, // year > 9999: toISOString prints 6 digits
    { maxAge: -5000 } // already expired
  ]

  test('what get returns is JSON.parse of what was set, for many cookie shapes, as express-session\'s', async (t) => {
    fakeClock(t)
    for (const options of COOKIES) {
      for (const data of [{}, { views: 1, user: { id: 7, name: 'ann' } }, { 0: 'a', list: [1, { x: null }], s: 'é\u2028"' }]) {
        const results = []
        for (const lib of [theirs, ours]) {
          const store = new lib.MemoryStore()
          const sess = session(data, options, lib)
          await call(store, 'set', 'id', sess)
          const got = await get(store, 'id')
          results.push({ got, text: got === undefined ? undefined : JSON.stringify(got) })
          if (store.stopInterval) store.stopInterval()
        }
        assert.deepEqual(results[1], results[0], util.inspect({ options, data }))
      }
    }
  })

  test('odd sessions keep their exact JSON: cookie not first, plain cookies, toJSON, nested cookies', async (t) => {
    fakeClock(t)
    const sessions = [
      { user: 'ann', cookie: new Cookie({ maxAge: 1000 }), n: 1 },
      { cookie: { path: '/', expires: new Date(START + 1000).toISOString(), nested: { a: [1] } } },
      { cookie: { ['__proto__']: 1, expires: null } },
      { cookie: JSON.parse('{"__proto__":{"polluted":true},"path":"/"}') },
      { cookie: new Cookie({ maxAge: 1000 }), toJSON () { return { custom: true, cookie: { path: '/x' } } } },
      Object.assign(Object.create({ cookie: { inherited: true } }), { own: 1 }),
      { cookie: null, n: 1 },
      { cookie: 'a string', n: 1 }
    ]
    for (const sess of sessions) {
      const results = []
      for (const lib of [theirs, ours]) {
        const store = new lib.MemoryStore()
        await call(store, 'set', 'id', sess)
        const got = await get(store, 'id')
        results.push({ text: JSON.stringify(got), keys: got && Object.keys(got), proto: got && got.cookie && Object.getPrototypeOf(got.cookie) })
        if (store.stopInterval) store.stopInterval()
      }
      assert.deepEqual(results[1], results[0], util.inspect(sess))
    }
    assert.equal({}.polluted, undefined)
  })

  test('each get answers with its own objects; sessions sharing a template stay apart', async (t) => {
    fakeClock(t)
    const store = new MemoryStore({ checkPeriod: 0 })
    await call(store, 'set', 'a', session({ n: 1 }))
    await call(store, 'set', 'b', session({ n: 2 }, { maxAge: 120000 }))
    const a1 = await get(store, 'a')
    a1.cookie.path = '/changed'
    a1.cookie.expires = 'x'
    const a2 = await get(store, 'a')
    const b = await get(store, 'b')
    assert.notEqual(a1.cookie, a2.cookie)
    assert.equal(a2.cookie.path, '/')
    assert.equal(b.cookie.path, '/')
    assert.equal(Date.parse(b.cookie.expires) - Date.parse(a2.cookie.expires), 60000)
  })

  test('many distinct cookies (more than the shared templates) are all kept exactly', async (t) => {
    fakeClock(t)
    const store = new MemoryStore({ checkPeriod: 0 })
    for (let i = 0; i < 200; i++) await call(store, 'set', 's' + i, session({ i }, { maxAge: 60000, domain: `d${i}.example` }))
    for (let i = 0; i < 200; i += 7) {
      const got = await get(store, 's' + i)
      assert.equal(got.cookie.domain, `d${i}.example`)
      assert.equal(got.i, i)
    }
    // and after a touch that changes the cookie
    await call(store, 'touch', 's3', session({}, { maxAge: 1000, domain: 'other.example' }))
    const touched = await get(store, 's3')
    assert.deepEqual([touched.cookie.domain, touched.cookie.originalMaxAge, touched.i], ['other.example', 1000, 3])
  })

  test('touch replaces the cookie, keeps the data, renews the expiry (template and inline)', async (t) => {
    const clock = fakeClock(t)
    for (const cookie of [{ maxAge: 1000 }, { maxAge: 1000, domain: 'x'.repeat(3000) }]) {
      const store = new MemoryStore({ checkPeriod: 0 })
      await call(store, 'set', 'a', session({ n: 1 }, cookie))
      clock.advance(900)
      await call(store, 'touch', 'a', session({ n: 2 }, cookie))
      clock.advance(900)
      const got = await get(store, 'a')
      assert.equal(got.n, 1)
      assert.equal(Date.parse(got.cookie.expires), clock.now() + 100)
    }
  })
})
