'use strict'

// The default store: sessions live in a native map as JSON text. Callbacks are always
// called asynchronously, as express-session's MemoryStore calls them.

const util = require('util')
const Store = require('./store')
const { NativeSessionMap } = require('./native')
const { dataJson, expiresMs } = require('./session-json')

const defer = setImmediate
const MAP = Symbol('express-session-rs.map')

function MemoryStore () {
  Store.call(this)
  this[MAP] = new NativeSessionMap()
}

util.inherits(MemoryStore, Store)

function parseOrUndefined (json) {
  return json === null || json === undefined ? undefined : JSON.parse(json)
}

// The session as the native map keeps it: cookie JSON apart from the rest.
function writeSession (map, id, session) {
  const cookie = session === null || typeof session !== 'object' ? undefined : session.cookie
  const cookieJson = cookie === undefined || typeof session.toJSON === 'function'
    ? undefined
    : JSON.stringify(cookie)
  if (cookieJson === undefined) {
    map.set(id, undefined, String(JSON.stringify(session)), expiresMs(cookie))
  } else {
    map.set(id, cookieJson, dataJson(session), expiresMs(cookie))
  }
}

MemoryStore.prototype.get = function get (sessionId, callback) {
  defer(callback, null, parseOrUndefined(this[MAP].get(String(sessionId), Date.now())))
}

MemoryStore.prototype.set = function set (sessionId, session, callback) {
  writeSession(this[MAP], String(sessionId), session)
  callback && defer(callback)
}

MemoryStore.prototype.touch = function touch (sessionId, session, callback) {
  const id = String(sessionId)
  const cookie = session.cookie
  const cookieJson = cookie === undefined ? undefined : JSON.stringify(cookie)
  if (cookieJson !== undefined) {
    this[MAP].touch(id, cookieJson, expiresMs(cookie), Date.now())
  } else {
    // A cookie that JSON leaves out is removed from the stored session, as the original does.
    const stored = parseOrUndefined(this[MAP].get(id, Date.now()))
    if (stored) {
      delete stored.cookie
      this[MAP].set(id, undefined, JSON.stringify(stored), NaN)
    }
  }
  callback && defer(callback)
}

MemoryStore.prototype.destroy = function destroy (sessionId, callback) {
  this[MAP].destroy(String(sessionId))
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

// express-session's MemoryStore exposes its sessions as JSON text by ID; some applications
// read it. This is a snapshot, not a live view.
Object.defineProperty(MemoryStore.prototype, 'sessions', {
  configurable: true,
  enumerable: false,
  get () {
    const flat = this[MAP].all(Date.now())
    const sessions = Object.create(null)
    for (let i = 0; i < flat.length; i += 2) sessions[flat[i]] = flat[i + 1]
    return sessions
  }
})

const DIRECT_METHODS = ['get', 'set', 'touch', 'destroy']

// The native map of a MemoryStore whose get/set/touch/destroy are ours, which the
// middleware may then call directly and synchronously; undefined for any other store.
function directMapOf (store) {
  if (!(store instanceof MemoryStore)) return undefined
  for (const method of DIRECT_METHODS) {
    if (store[method] !== MemoryStore.prototype[method]) return undefined
  }
  return store[MAP]
}

module.exports = { MemoryStore, directMapOf }
