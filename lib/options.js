'use strict'

// Reads the middleware's options with express-session's defaults, deprecations and
// TypeErrors, in the same order.

const native = require('./native')
const { createSigner } = require('./secrets')
const { MemoryStore } = require('./memory-store')
const { dictionaryPropertiesWanted } = require('./property-mode')
const { applyFeatureOptions } = require('./features')

function defaultGenerateId () {
  return native.generateSessionId()
}

// Secrets are keyed once here. express-session accepts any value and fails on each request
// once HMAC rejects it; a value HMAC cannot take is reported now instead.
function configuredSigner (secret, deprecate) {
  if (Array.isArray(secret) && secret.length === 0) {
    throw new TypeError('secret option array must contain one or more strings')
  }
  if (!secret) {
    deprecate('req.secret; provide secret option')
    return undefined
  }
  const signer = createSigner(Array.isArray(secret) ? secret : [secret])
  if (signer === undefined) {
    throw new TypeError('secret option must be a string, a Buffer, or an array of them')
  }
  return signer
}

// Cookie options express-session accepts and then fails on at every request (or, for
// `secure`, reads with truthiness) are reported when the middleware is created. A cookie
// given as a function is read per request and checked there as express-session does.
const SAME_SITE = ['lax', 'strict', 'none', 'auto']
const PRIORITY = ['low', 'medium', 'high']

function isDate (value) {
  return Object.prototype.toString.call(value) === '[object Date]'
}

function isValidDate (value) {
  return isDate(value) && !isNaN(value.valueOf())
}

function oneOf (value, names) {
  return typeof value === 'string' && names.includes(value.toLowerCase())
}

function checkCookieOptions (cookie) {
  if (typeof cookie !== 'object') return
  const { maxAge, expires, sameSite, priority, secure } = cookie
  if (maxAge != null && !(typeof maxAge === 'number' && Number.isFinite(maxAge)) && !isValidDate(maxAge)) {
    throw new TypeError('cookie.maxAge option must be a finite number of milliseconds')
  }
  // An Invalid Date passes, as in express-session: each response that sets the cookie then
  // forwards cookie's 'option expires is invalid' to next(err), which its tests pin.
  if (expires && !isDate(expires)) {
    throw new TypeError('cookie.expires option must be a Date')
  }
  if (sameSite && sameSite !== true && !oneOf(sameSite, SAME_SITE)) {
    throw new TypeError('cookie.sameSite option must be true, false, "lax", "strict", "none" or "auto"')
  }
  if (priority && !oneOf(priority, PRIORITY)) {
    throw new TypeError('cookie.priority option must be "low", "medium" or "high"')
  }
  if (secure != null && typeof secure !== 'boolean' && secure !== 'auto') {
    throw new TypeError('cookie.secure option must be true, false or "auto"')
  }
}

// express-session calls these on a custom store without checking; a store lacking one
// fails on the request that first needs it.
function checkStore (store) {
  const missing = ['get', 'set', 'destroy'].filter((method) => typeof store[method] !== 'function')
  if (missing.length > 0) {
    throw new TypeError(`store option must implement get, set and destroy; missing: ${missing.join(', ')}`)
  }
}

// Our own options on how sessions are written: `concurrency` (see concurrency-merge.js) and
// `saveBeforeHeaders` (see save-before-headers.js).
function readWriteOptions (opts, config) {
  if (opts.concurrency !== undefined && opts.concurrency !== 'merge' && opts.concurrency !== 'overwrite') {
    throw new TypeError('concurrency option must be "merge" or "overwrite"')
  }
  config.concurrency = opts.concurrency === 'merge' ? 'merge' : undefined
  if (opts.saveBeforeHeaders !== undefined && typeof opts.saveBeforeHeaders !== 'boolean') {
    throw new TypeError('saveBeforeHeaders option must be a boolean')
  }
  config.saveBeforeHeaders = opts.saveBeforeHeaders === true
}

// `deprecate` is the caller's depd instance: depd reports the first stack frame outside
// the file that created it, which must be the application's call to session().
function readOptions (options, deprecate) {
  const opts = options || {}
  const generateId = opts.genid || defaultGenerateId
  const config = {
    cookie: opts.cookie || {},
    generateId,
    name: String(opts.name || opts.key || 'connect.sid'),
    store: opts.store || new MemoryStore(),
    proxy: opts.proxy,
    resave: opts.resave,
    rolling: Boolean(opts.rolling),
    saveUninitialized: opts.saveUninitialized,
    unsetDestroy: false,
    // Our own option (see property-mode.js): whether to switch req and res to dictionary properties.
    dictionaryProperties: false,
    // Opt-in, off by default (see tracker-class.js).
    concurrency: undefined,
    saveBeforeHeaders: false,
    signer: undefined
  }

  if (typeof generateId !== 'function') {
    throw new TypeError('genid option must be a function')
  }
  if (config.resave === undefined) {
    deprecate('undefined resave option; provide resave option')
    config.resave = true
  }
  if (config.saveUninitialized === undefined) {
    deprecate('undefined saveUninitialized option; provide saveUninitialized option')
    config.saveUninitialized = true
  }
  if (opts.unset && opts.unset !== 'destroy' && opts.unset !== 'keep') {
    throw new TypeError('unset option must be "destroy" or "keep"')
  }
  config.unsetDestroy = opts.unset === 'destroy'
  if (opts.dictionaryProperties !== undefined && typeof opts.dictionaryProperties !== 'boolean') {
    throw new TypeError('dictionaryProperties option must be a boolean')
  }
  config.dictionaryProperties = dictionaryPropertiesWanted(opts.dictionaryProperties)
  readWriteOptions(opts, config)
  checkCookieOptions(config.cookie)
  if (opts.store) checkStore(opts.store)
  config.signer = configuredSigner(opts.secret, deprecate)
  applyFeatureOptions(opts, config)
  return config
}

module.exports = { readOptions }
