'use strict'

// What `require('express-session-rs')` exposes besides the middleware, and what a request
// carries after it, compared with express-session 1.19.0.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const EventEmitter = require('node:events')
const util = require('node:util')
const { frameworks, implementations, createApp } = require('./support/apps')
const { createUser } = require('./support/http-client')
const { sideBySide, serve } = require('./support/http')
const { mapStoreMethods, mapStoreClass } = require('./support/map-store')

const { ours, theirs } = implementations
const CONSTRUCTORS = ['Store', 'MemoryStore', 'Cookie', 'Session']
// What this package exports beyond express-session's names: opt-in additions only.
const ADDITIONS = ['RedisStore']
const SESSION_METHODS = ['touch', 'resetMaxAge', 'save', 'reload', 'regenerate', 'destroy']
const OPTIONS = { secret: 'keyboard cat', resave: false, saveUninitialized: false }

// A descriptor with the function itself replaced by its type, so two can be compared.
function descriptorShape (object, key) {
  const descriptor = Object.getOwnPropertyDescriptor(object, key)
  if (descriptor === undefined) return undefined
  const shape = { ...descriptor }
  if ('value' in shape) shape.value = typeof shape.value
  return shape
}

function inheritedStoreClass (Store) {
  function MapStore () {
    Store.call(this)
    this.map = new Map()
  }
  util.inherits(MapStore, Store)
  Object.assign(MapStore.prototype, mapStoreMethods)
  return MapStore
}

test('the module exports the middleware and the same constructors as express-session, plus the allowed additions', () => {
  assert.equal(typeof ours, 'function')
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).concat(ADDITIONS).sort())
  for (const name of CONSTRUCTORS) assert.equal(typeof ours[name], 'function', name)
})

test('Store is an EventEmitter constructor with regenerate, load and createSession', () => {
  for (const session of [theirs, ours]) {
    const store = new session.Store()
    assert.ok(store instanceof EventEmitter)
    let heard
    store.on('connect', (value) => { heard = value })
    store.emit('connect', 42)
    assert.equal(heard, 42)
    for (const method of ['regenerate', 'load', 'createSession']) {
      assert.equal(typeof session.Store.prototype[method], 'function', method)
    }
  }
  const names = (session) => Object.getOwnPropertyNames(session.Store.prototype).sort()
  assert.deepEqual(names(ours), names(theirs))
  for (const name of names(theirs)) {
    assert.deepEqual(descriptorShape(ours.Store.prototype, name), descriptorShape(theirs.Store.prototype, name), name)
  }
})

test('MemoryStore is a Store', () => {
  const store = new ours.MemoryStore()
  assert.ok(store instanceof ours.Store)
  assert.ok(store instanceof EventEmitter)
  assert.equal(Object.getPrototypeOf(ours.MemoryStore.prototype), ours.Store.prototype)
})

test('RedisStore is a Store; its middleware-only write method is Symbol-keyed and non-enumerable', () => {
  const { WRITE_SESSION } = require('../lib/store-intent')
  assert.equal(Object.getPrototypeOf(ours.RedisStore.prototype), ours.Store.prototype)
  const store = new ours.RedisStore({ url: 'redis://127.0.0.1:1' })
  try {
    assert.ok(store instanceof ours.Store)
    assert.equal(typeof store[WRITE_SESSION], 'function')
    assert.equal(Object.getOwnPropertyDescriptor(ours.RedisStore.prototype, WRITE_SESSION).enumerable, false)
    for (const method of ['get', 'set', 'touch', 'destroy', 'all', 'ids', 'length', 'clear', 'close']) {
      assert.equal(typeof store[method], 'function', method)
    }
    assert.deepEqual(Object.keys(store).sort(), ['_events', '_eventsCount', '_maxListeners', 'disableTTL', 'disableTouch', 'prefix', 'scanCount', 'serializer', 'ttl'])
  } finally {
    store.close()
  }
})

test('Session methods are non-enumerable, as express-session defines them', () => {
  for (const method of SESSION_METHODS) {
    const shape = descriptorShape(ours.Session.prototype, method)
    assert.deepEqual(shape, descriptorShape(theirs.Session.prototype, method), method)
    assert.deepEqual(shape, { value: 'function', writable: true, enumerable: false, configurable: true }, method)
  }
  assert.deepEqual(Object.keys(ours.Session.prototype), [])
})

test('new Session(req, data) takes its id from req and copies data that does not shadow it', () => {
  const build = (session) => {
    const req = { sessionID: 'abc' }
    const sess = new session.Session(req, { user: 'ann', id: 'forged', touch: 1, cookie: { path: '/' } })
    return {
      id: sess.id,
      req: sess.req === req,
      keys: Object.keys(sess),
      json: JSON.stringify(sess),
      idShape: descriptorShape(sess, 'id'),
      reqShape: descriptorShape(sess, 'req'),
      touch: typeof sess.touch
    }
  }
  const theirResult = build(theirs)
  const ourResult = build(ours)
  assert.deepEqual(ourResult, theirResult)
  assert.equal(ourResult.id, 'abc')
  assert.deepEqual(ourResult.keys, ['user', 'cookie'])
  assert.equal(ourResult.json, '{"user":"ann","cookie":{"path":"/"}}')
  assert.equal(ourResult.touch, 'function')
})

for (const [label, express] of frameworks) {
  describe(`on ${label}`, () => {
    test('a request carries req.session, req.sessionID and req.sessionStore', async () => {
      const results = await sideBySide(async (session) => {
        const store = new session.MemoryStore()
        let seen
        const app = createApp(express, {
          session,
          options: { ...OPTIONS, store },
          handler (req, res) {
            const sess = req.session
            const forIn = []
            for (const key in sess) forIn.push(key)
            seen = {
              isSession: sess instanceof session.Session,
              idMatches: typeof req.sessionID === 'string' && sess.id === req.sessionID,
              cookieIsCookie: sess.cookie instanceof session.Cookie,
              storeIsOption: req.sessionStore === store,
              keys: Object.keys(sess),
              forIn,
              methods: SESSION_METHODS.map((m) => [m, typeof sess[m], Object.prototype.propertyIsEnumerable.call(sess, m)])
            }
            res.end('ok')
          }
        })
        await serve(app, (origin) => createUser(origin).get('/'))
        return seen
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, {
        isSession: true,
        idMatches: true,
        cookieIsCookie: true,
        storeIsOption: true,
        keys: ['cookie'],
        forIn: ['cookie'],
        methods: SESSION_METHODS.map((m) => [m, 'function', false])
      })
    })

    for (const [style, storeClass] of [['util.inherits', inheritedStoreClass], ['class extends', mapStoreClass]]) {
      test(`a third-party store built with ${style} keeps and regenerates sessions`, async () => {
        const results = await sideBySide(async (session) => {
          const MapStore = storeClass(session.Store)
          const store = new MapStore()
          const app = createApp(express, {
            session,
            options: { ...OPTIONS, store },
            handler (req, res) {
              const finish = () => {
                const before = req.session.views || 0
                req.session.views = before + 1
                res.json({ before, isStore: store instanceof session.Store })
              }
              if (req.path === '/regenerate') req.session.regenerate(finish)
              else finish()
            }
          })
          return serve(app, async (origin) => {
            const user = createUser(origin)
            const seen = []
            for (const path of ['/', '/', '/regenerate', '/']) seen.push((await user.get(path)).json)
            return { seen, stored: store.map.size }
          })
        })
        assert.deepEqual(results.ours, results.theirs)
        assert.deepEqual(results.ours.seen.map((r) => r.before), [0, 1, 0, 1])
        assert.ok(results.ours.seen.every((r) => r.isStore))
        assert.equal(results.ours.stored, 1)
      })
    }
  })
}
