'use strict'

// The default store, fit for production on a single process: sessions live in a native
// map as JSON text. They expire at `cookie.expires` or, without one, after an idle
// lifetime (`ttl`, one day by default); a background sweep removes expired sessions a
// slice at a time; `max` / `maxBytes` optionally bound the store, evicting the least
// recently used. Callbacks are always called asynchronously, as express-session's
// MemoryStore calls them.
//
// It also implements the optional `merge` the middleware's `concurrency: 'merge'` uses.
//
// Options (memorystore's names where it has one):
//   ttl          idle lifetime in ms of sessions whose cookie has no `expires`, renewed by
//                set and touch; Infinity or false: never expire (express-session's
//                behaviour). Default 86400000 (one day).
//   checkPeriod  ms between sweeps; 0, false or Infinity: no periodic sweep (call
//                prune()). Default 60000.
//   max          at most this many sessions; default Infinity.
//   maxBytes     at most this many bytes of session IDs + JSON; default Infinity.

const util = require('util')
const Store = require('../store')
const { SessionMap } = require('../native')
const { CookieTemplates } = require('./cookie-templates')
const { unpack, packedDataJson, writeSession, touchSession } = require('./packed-text')
const { Sweep } = require('./sweep')
const { mergeSession } = require('./merge')

const defer = setImmediate
const MAP = Symbol('express-session-rs.map')
const TEMPLATES = Symbol('express-session-rs.cookieTemplates')
const SWEEP = Symbol('express-session-rs.sweep')

const ONE_DAY = 86400000
const DEFAULT_CHECK_PERIOD = 60000
// setInterval's longest delay; longer ones would fire after 1 ms.
const MAX_TIMER_DELAY = 2147483647

function MemoryStore (options) {
  Store.call(this)
  const config = readOptions(options)
  const map = new SessionMap(config.ttl, config.max, config.maxBytes)
  this[MAP] = map
  this[TEMPLATES] = new CookieTemplates(map)
  this[SWEEP] = new Sweep(map, config.checkPeriod)
  this.startInterval()
}

util.inherits(MemoryStore, Store)

function readOptions (options) {
  if (options === undefined || options === null) options = {}
  if (typeof options !== 'object') throw new TypeError('MemoryStore options must be an object')
  return {
    ttl: readTtl(options.ttl),
    max: readBound(options.max, 'max'),
    maxBytes: readBound(options.maxBytes, 'maxBytes'),
    checkPeriod: readCheckPeriod(options.checkPeriod)
  }
}

function readTtl (ttl) {
  if (ttl === undefined) return ONE_DAY
  if (ttl === false || ttl === Infinity) return Infinity
  if (typeof ttl === 'number' && ttl > 0) return ttl
  throw new TypeError('MemoryStore option ttl must be a positive number of milliseconds, Infinity or false')
}

function readBound (value, name) {
  if (value === undefined || value === null || value === Infinity) return Infinity
  if (typeof value === 'number' && value >= 1) return Math.floor(value)
  throw new TypeError('MemoryStore option ' + name + ' must be a number of at least 1, or Infinity')
}

function readCheckPeriod (value) {
  if (value === undefined) return DEFAULT_CHECK_PERIOD
  if (value === false || value === 0 || value === Infinity) return 0
  if (typeof value === 'number' && value > 0) return Math.min(Math.max(Math.floor(value), 1), MAX_TIMER_DELAY)
  throw new TypeError('MemoryStore option checkPeriod must be a positive number of milliseconds, 0 or false')
}

// express-session keys its sessions by `String(sessionId)`; IDs are nearly always strings.
function idOf (sessionId) {
  return typeof sessionId === 'string' ? sessionId : String(sessionId)
}

MemoryStore.prototype.get = function get (sessionId, callback) {
  const id = idOf(sessionId)
  const text = this[MAP].getPacked(id, Date.now())
  defer(callback, null, text === null ? undefined : unpack(this[MAP], this[TEMPLATES], id, text))
}

MemoryStore.prototype.set = function set (sessionId, session, callback) {
  writeSession(this[MAP], this[TEMPLATES], idOf(sessionId), session)
  callback && defer(callback)
}

MemoryStore.prototype.touch = function touch (sessionId, session, callback) {
  touchSession(this[MAP], this[TEMPLATES], idOf(sessionId), session)
  callback && defer(callback)
}

// The middleware's `concurrency: 'merge'` (see ../concurrency-merge.js): `changes` is
// { set: { name: value, … }, unset: [name, …] }, applied onto the stored session with
// `session`'s cookie, atomically; without a stored session, `session` is stored whole.
MemoryStore.prototype.merge = function merge (sessionId, changes, session, callback) {
  mergeSession(this[MAP], this[TEMPLATES], idOf(sessionId), session, changes)
  callback && defer(callback)
}

MemoryStore.prototype.destroy = function destroy (sessionId, callback) {
  this[MAP].destroy(idOf(sessionId))
  callback && defer(callback)
}

MemoryStore.prototype.all = function all (callback) {
  const flat = this[MAP].all(Date.now())
  const sessions = Object.create(null)
  for (let i = 0; i < flat.length; i += 2) {
    sessions[flat[i]] = JSON.parse(flat[i + 1])
  }
  callback && defer(callback, null, sessions)
}

MemoryStore.prototype.length = function length (callback) {
  defer(callback, null, this[MAP].length(Date.now()))
}

MemoryStore.prototype.clear = function clear (callback) {
  this[MAP].clear()
  callback && defer(callback)
}

// memorystore's: the IDs of the unexpired sessions.
MemoryStore.prototype.ids = function ids (callback) {
  const list = this[MAP].ids(Date.now())
  typeof callback === 'function' && defer(callback, null, list)
}

// memorystore's: removes every expired session now, synchronously (the periodic sweep
// does the same a slice at a time). The optional callback gets how many were removed.
MemoryStore.prototype.prune = function prune (callback) {
  const removed = this[MAP].prune(Date.now())
  typeof callback === 'function' && defer(callback, null, removed)
}

// What the store holds and has done since it was made.
MemoryStore.prototype.stats = function stats () {
  const [sessions, bytes, expirations, evictions, heapBytes] = this[MAP].stats()
  return { sessions, bytes, expirations, evictions, heapBytes }
}

// memorystore's: (re)starts the periodic sweep, every `checkPeriod` ms. The timer never
// keeps the process alive, nor the store: a store nobody references stops its timer.
MemoryStore.prototype.startInterval = function startInterval () {
  this[SWEEP].start()
}

// memorystore's: stops the periodic sweep (and the pass in progress, if any).
MemoryStore.prototype.stopInterval = function stopInterval () {
  this[SWEEP].stop()
}

// express-session's MemoryStore exposes its sessions as JSON text by ID, expired ones
// included until they are removed; some applications read it. This is a snapshot, not a
// live view.
Object.defineProperty(MemoryStore.prototype, 'sessions', {
  configurable: true,
  enumerable: false,
  get () {
    const flat = this[MAP].snapshot()
    const sessions = Object.create(null)
    for (let i = 0; i < flat.length; i += 2) sessions[flat[i]] = flat[i + 1]
    return sessions
  }
})

// Whether the middleware may use `direct` on this store instead of its asynchronous
// methods: a MemoryStore whose get/set/touch/destroy are ours.
function isDirect (store) {
  const ours = MemoryStore.prototype
  return store instanceof MemoryStore && store.get === ours.get && store.set === ours.set &&
    store.touch === ours.touch && store.destroy === ours.destroy
}

// The store's operations, synchronous, for the middleware.
const direct = {
  // The stored session in the map's packed text, or null: `unpack` makes it the object
  // `get` hands out, `packedDataJson` its JSON without cookie (when it can).
  getPacked (store, id) {
    return store[MAP].getPacked(id, Date.now())
  },
  unpack (store, id, text) {
    return unpack(store[MAP], store[TEMPLATES], id, text)
  },
  packedDataJson,
  // `data`, when given, is dataJson(session), already computed by the caller.
  set (store, id, session, data) {
    writeSession(store[MAP], store[TEMPLATES], id, session, data)
  },
  touch (store, id, session) {
    touchSession(store[MAP], store[TEMPLATES], id, session)
  },
  merge (store, id, session, changes) {
    mergeSession(store[MAP], store[TEMPLATES], id, session, changes)
  },
  destroy (store, id) {
    store[MAP].destroy(id)
  }
}

// The native map itself, for tests that watch the sweep.
function nativeMapOf (store) {
  return store[MAP]
}

module.exports = { MemoryStore, isDirect, direct, nativeMapOf }
