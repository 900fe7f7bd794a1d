'use strict'

// The default store, fit for production on a single process: sessions live in a native
// map as JSON text. They expire at `cookie.expires` or, without one, after an idle
// lifetime (`ttl`, one day by default); a background sweep removes expired sessions a
// slice at a time; `max` / `maxBytes` optionally bound the store, evicting the least
// recently used. Callbacks are always called asynchronously, as express-session's
// MemoryStore calls them.
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
const Store = require('./store')
const { SessionMap } = require('./native')
const { dataJson } = require('./session-json')
const { cookieJson: cookieJsonOf, isStandardCookie } = require('./cookie-json')
const { SerialCache } = require('./serial-cache')

const defer = setImmediate
const MAP = Symbol('express-session-rs.map')
const STATE = Symbol('express-session-rs.memoryStoreState')

const ONE_DAY = 86400000
const DEFAULT_CHECK_PERIOD = 60000
// setInterval's longest delay; longer ones would fire after 1 ms.
const MAX_TIMER_DELAY = 2147483647

// Sweep slices: the native sweep does about `budget` units of work (a unit is about a
// nanosecond: examining a session costs 4, removing one 400); the budget adapts so that
// a slice takes about SLICE_TARGET_MS, and never exceeds MAX_BUDGET. Slices are separate
// macrotasks (unref'd 0 ms timeouts: unlike unref'd immediates, they wake an idle loop).
const SLICE_TARGET_MS = 0.2
const MIN_BUDGET = 2000
const MAX_BUDGET = 250000
const INITIAL_BUDGET = 50000

// Cookies express-session's way (instances of our Cookie): their JSON is a function of
// these fields, so a cookie whose fields equal a cached one's has the same JSON but for
// its date, and is stored by template serial without being serialized.
const COOKIE_FIELDS = 'originalMaxAge,partitioned,priority,expires,secure,httpOnly,domain,path,sameSite'
const DATE_TO_JSON = Date.prototype.toJSON
const DATE_TO_ISO_STRING = Date.prototype.toISOString
// The dates toISOString prints with a 4-digit year (what the native side prints).
const FIRST_ISO_MS = -62167219200000
const LAST_ISO_MS = 253402300799999
const COOKIE_CACHE_SIZE = 16
const TEMPLATE_CACHE_SIZE = 64
const NOT_TEMPLATED = -1
const HASH = 35 // '#': a packed session with a dated cookie template
const DOLLAR = 36 // '$': a packed session with an undated cookie template

// Whether Cookie#toJSON still gives exactly COOKIE_FIELDS (checked once).
let cookieFieldsChecked = false
let cookieFastPath = true

function MemoryStore (options) {
  Store.call(this)
  const config = readOptions(options)
  const map = new SessionMap(config.ttl, config.max, config.maxBytes)
  this[MAP] = map
  this[STATE] = {
    checkPeriod: config.checkPeriod,
    timer: undefined,
    sweeping: false,
    // the timeout of the next slice of the sweep in progress
    slice: undefined,
    budget: INITIAL_BUDGET,
    // cookie field values → template serial, most recent first
    cookies: [],
    // template serial → parsed cookie JSON (its date null)
    templates: new SerialCache(TEMPLATE_CACHE_SIZE, loadTemplate),
    // the expiry of the cookie last given to cookieSerial
    expires: NaN
  }
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

// ---- reading sessions ----

// The native map's packed text: plain session JSON, or a marker ('#' followed by the
// cookie's 24-character ISO date, or '$') and then the JSON with its templated cookie
// named by serial. Where that JSON starts: 0 for plain JSON.
const DATED_BODY_AT = 25

function packedBodyAt (text) {
  const marker = text.charCodeAt(0)
  return marker === HASH ? DATED_BODY_AT : marker === DOLLAR ? 1 : 0
}

// A session as the native map packs it: a templated cookie comes as its serial (and date).
function unpack (store, id, text) {
  const at = packedBodyAt(text)
  const session = JSON.parse(at === 0 ? text : text.slice(at))
  if (at === 0) return session
  const template = cookieTemplate(store, session.cookie)
  // Cannot happen (the template is used by this session).
  if (template === undefined) return readPlainly(store, id)
  const cookie = { ...template }
  if (at === DATED_BODY_AT) cookie.expires = text.slice(1, DATED_BODY_AT)
  session.cookie = cookie
  return session
}

function readPlainly (store, id) {
  const json = store[MAP].get(id, Date.now())
  return json === null ? undefined : JSON.parse(json)
}

const COOKIE_HEAD = '{"cookie":'
const COMMA = 44
const CLOSING_BRACE = 125

// The JSON of a packed session without its cookie, when the cookie is its first member (as
// the native map keeps sessions stored by the middleware); undefined otherwise. It is the
// text `dataJson` gives for the parsed session: that text was made by JSON.stringify, and
// parsing then stringifying such text gives it back unchanged.
function packedDataJson (text) {
  let at = packedBodyAt(text)
  if (at === 0 || !text.startsWith(COOKIE_HEAD, at)) return undefined
  at += COOKIE_HEAD.length
  while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++
  const next = text.charCodeAt(at)
  if (next === CLOSING_BRACE) return '{}'
  if (next === COMMA) return '{' + text.slice(at + 1)
  return undefined
}

function cookieTemplate (store, serial) {
  return store[STATE].templates.get(serial, store[MAP])
}

function loadTemplate (map, serial) {
  const json = map.cookieTemplate(serial)
  return json === null ? undefined : JSON.parse(json)
}

// ---- writing sessions ----

// Whether `cookie` is the first member of the session's JSON (what the split form is).
function cookieIsFirst (session) {
  const keys = Object.keys(session)
  return keys.length > 0 && keys[0] === 'cookie'
}

// The expiry express-session's MemoryStore reads from a stored cookie (NaN: never).
function storedExpiry (cookie) {
  if (!cookie || typeof cookie !== 'object') return NaN
  const expires = cookie.expires
  if (typeof expires === 'string') return Date.parse(expires)
  if (expires instanceof Date) return expires.getTime()
  return expires ? Number(expires) : NaN
}

// The expiry of a cookie stored as `cookieJson`: read from the JSON unless the cookie is
// ours (whose JSON has exactly its `expires`).
function expiryOfCookie (cookie, cookieJson) {
  return storedExpiry(isStandardCookie(cookie) ? cookie : JSON.parse(cookieJson))
}

// The expiry of a session's JSON text, as express-session's MemoryStore reads it.
function expiryOfJson (json) {
  const parsed = JSON.parse(json)
  return parsed !== null && typeof parsed === 'object' ? storedExpiry(parsed.cookie) : NaN
}

function isPlain (value) {
  return value === null || typeof value !== 'object'
}

// The template serial of a Cookie instance (its expiry left in state.expires), or
// NOT_TEMPLATED when it is not stored as a template.
function cookieSerial (store, cookie) {
  if (!cookieFastPath) return NOT_TEMPLATED
  const state = store[STATE]
  // The fields of cookie.toJSON(), read without building that object (isStandardCookie
  // holds for every cookie given here).
  const expires = cookie._expires
  let kind
  let ms = NaN
  if (expires === undefined) {
    kind = 0
  } else if (expires === null) {
    kind = 1
  } else if (expires instanceof Date && expires.toJSON === DATE_TO_JSON && expires.toISOString === DATE_TO_ISO_STRING) {
    ms = expires.getTime()
    if (!(ms >= FIRST_ISO_MS && ms <= LAST_ISO_MS)) return NOT_TEMPLATED
    kind = 2
  } else {
    return NOT_TEMPLATED
  }
  state.expires = ms
  const cookies = state.cookies
  for (let i = 0; i < cookies.length; i++) {
    const c = cookies[i]
    if (c.kind === kind && c.originalMaxAge === cookie.originalMaxAge && c.path === cookie.path &&
        c.httpOnly === cookie.httpOnly && c.secure === cookie.secure && c.domain === cookie.domain &&
        c.sameSite === cookie.sameSite && c.priority === cookie.priority && c.partitioned === cookie.partitioned) {
      if (i !== 0) {
        cookies.splice(i, 1)
        cookies.unshift(c)
      }
      return c.serial
    }
  }
  return internCookie(store, cookie, cookie.toJSON(), kind, ms)
}

function internCookie (store, cookie, data, kind, ms) {
  if (!cookieFieldsChecked) {
    cookieFieldsChecked = true
    cookieFastPath = Object.keys(data).join(',') === COOKIE_FIELDS
    if (!cookieFastPath) return NOT_TEMPLATED
  }
  // Only values compared by identity, so equal fields mean equal JSON.
  if (!isPlain(data.originalMaxAge) || !isPlain(data.partitioned) || !isPlain(data.priority) ||
      !isPlain(data.secure) || !isPlain(data.httpOnly) || !isPlain(data.domain) ||
      !isPlain(data.path) || !isPlain(data.sameSite)) {
    return NOT_TEMPLATED
  }
  const json = JSON.stringify(cookie)
  if (json === undefined) return NOT_TEMPLATED
  const serial = store[MAP].internCookie(json, ms)
  if (serial < 0) return NOT_TEMPLATED
  const cookies = store[STATE].cookies
  if (cookies.length >= COOKIE_CACHE_SIZE) cookies.pop()
  cookies.unshift({
    kind,
    serial,
    originalMaxAge: data.originalMaxAge,
    partitioned: data.partitioned,
    priority: data.priority,
    secure: data.secure,
    httpOnly: data.httpOnly,
    domain: data.domain,
    path: data.path,
    sameSite: data.sameSite
  })
  store[STATE].expires = ms
  return serial
}

// The native side no longer knows the serial (its template was replaced): forget it.
function forgetSerial (store, serial) {
  const cookies = store[STATE].cookies
  for (let i = 0; i < cookies.length; i++) {
    if (cookies[i].serial === serial) cookies.splice(i--, 1)
  }
}

// `data`, when given, is dataJson(session), already computed by the caller.
function writeSession (store, id, session, data) {
  const map = store[MAP]
  const now = Date.now()
  if (session !== null && typeof session === 'object' && typeof session.toJSON !== 'function') {
    const cookie = session.cookie
    if (cookie === undefined) {
      const json = JSON.stringify(session)
      map.set(id, undefined, json, NaN, now)
      return
    }
    if (cookieIsFirst(session)) {
      if (isStandardCookie(cookie)) {
        const serial = cookieSerial(store, cookie)
        if (serial !== NOT_TEMPLATED) {
          if (map.setTemplated(id, serial, data === undefined ? dataJson(session) : data, store[STATE].expires, now)) return
          forgetSerial(store, serial)
        }
      }
      const cookieJson = cookieJsonOf(cookie)
      if (cookieJson !== undefined) {
        map.set(id, cookieJson, data === undefined ? dataJson(session) : data, expiryOfCookie(cookie, cookieJson), now)
        return
      }
    }
  }
  // Anything else is stored as its whole JSON, its expiry read back from that JSON.
  const json = JSON.stringify(session)
  if (json === undefined) {
    // express-session keeps `undefined`, which reads as no session.
    map.destroy(id)
    return
  }
  map.set(id, undefined, json, expiryOfJson(json), now)
}

function touchSession (store, id, session) {
  const map = store[MAP]
  const now = Date.now()
  const cookie = session.cookie
  if (isStandardCookie(cookie)) {
    const serial = cookieSerial(store, cookie)
    if (serial !== NOT_TEMPLATED) {
      if (map.touchTemplated(id, serial, store[STATE].expires, now) >= 0) return
      forgetSerial(store, serial)
    }
  }
  const cookieJson = cookieJsonOf(cookie)
  if (cookieJson !== undefined) {
    map.touch(id, cookieJson, expiryOfCookie(cookie, cookieJson), now)
    return
  }
  // A cookie that JSON leaves out is removed from the stored session, as the original does.
  const json = map.get(id, now)
  const stored = json === null ? undefined : JSON.parse(json)
  if (stored) {
    stored.cookie = cookie
    map.set(id, undefined, JSON.stringify(stored), NaN, now)
  }
}

// ---- the Store API ----

// express-session keys its sessions by `String(sessionId)`; IDs are nearly always strings.
function idOf (sessionId) {
  return typeof sessionId === 'string' ? sessionId : String(sessionId)
}

MemoryStore.prototype.get = function get (sessionId, callback) {
  const id = idOf(sessionId)
  const map = this[MAP]
  const now = Date.now()
  const text = map.getPacked(id, now)
  defer(callback, null, text === null ? undefined : unpack(this, id, text))
}

MemoryStore.prototype.set = function set (sessionId, session, callback) {
  writeSession(this, idOf(sessionId), session)
  callback && defer(callback)
}

MemoryStore.prototype.touch = function touch (sessionId, session, callback) {
  touchSession(this, idOf(sessionId), session)
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
  this.stopInterval()
  const state = this[STATE]
  if (!(state.checkPeriod > 0)) return
  const ref = new WeakRef(this)
  const timer = setInterval(function sweepTick () {
    const store = ref.deref()
    if (store === undefined || store[STATE].timer !== timer) {
      clearInterval(timer)
      return
    }
    startSweep(store)
  }, state.checkPeriod)
  if (timer && typeof timer.unref === 'function') timer.unref()
  state.timer = timer
}

// memorystore's: stops the periodic sweep (and the pass in progress, if any).
MemoryStore.prototype.stopInterval = function stopInterval () {
  const state = this[STATE]
  if (state.timer !== undefined) clearInterval(state.timer)
  if (state.slice !== undefined) clearTimeout(state.slice)
  state.timer = undefined
  state.slice = undefined
  state.sweeping = false
}

// A sweep pass runs in slices, each one a separate macrotask, until it has gone over
// every session and given back what memory it can.
function startSweep (store) {
  const state = store[STATE]
  if (state.sweeping) return
  state.sweeping = true
  sweepSlice(store)
}

function sweepSlice (store) {
  const state = store[STATE]
  state.slice = undefined
  const started = performance.now()
  let done = true
  try {
    done = store[MAP].sweep(Date.now(), state.budget)
  } finally {
    const spent = performance.now() - started
    const ratio = spent > 0 ? SLICE_TARGET_MS / spent : 2
    const budget = Math.floor(state.budget * Math.min(2, Math.max(0.5, ratio)))
    state.budget = Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, budget))
    if (done) state.sweeping = false
  }
  if (!done) {
    const next = setTimeout(sweepSlice, 0, store)
    if (next && typeof next.unref === 'function') next.unref()
    state.slice = next
  }
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
  // The stored session in the native map's packed text, or null: `unpack` makes it the
  // object `get` hands out, `packedDataJson` its JSON without cookie (when it can).
  getPacked (store, id) {
    return store[MAP].getPacked(id, Date.now())
  },
  unpack,
  packedDataJson,
  set: writeSession,
  touch: touchSession,
  destroy (store, id) {
    store[MAP].destroy(id)
  }
}

// The native map itself, for tests that watch the sweep.
function nativeMapOf (store) {
  return store[MAP]
}

module.exports = { MemoryStore, isDirect, direct, nativeMapOf }
