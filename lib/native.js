'use strict'

// The native core, loaded once, and the JavaScript-side conventions of its calls:
// cookie options become flat arguments and the core's argument errors become TypeErrors.

const binding = require('../binding.js')

// What both sides of the boundary agree on, defined once in the binding and the core.
const CONSTANTS = binding.constants()
const FLAG = Object.freeze({
  HTTP_ONLY: CONSTANTS.flagHttpOnly,
  SECURE: CONSTANTS.flagSecure,
  PARTITIONED: CONSTANTS.flagPartitioned,
  SAME_SITE_TRUE: CONSTANTS.flagSameSiteTrue,
  SAME_SITE_INVALID: CONSTANTS.flagSameSiteInvalid,
  PRIORITY_INVALID: CONSTANTS.flagPriorityInvalid,
  EXPIRES_INVALID: CONSTANTS.flagExpiresInvalid,
  HAS_MAX_AGE: CONSTANTS.flagHasMaxAge
})
const READ_STATUS = Object.freeze({
  NONE: CONSTANTS.readStatusNone,
  UNSIGNED: CONSTANTS.readStatusUnsigned,
  INVALID_SIGNATURE: CONSTANTS.readStatusInvalidSignature
})
const ERROR_CODE = Object.freeze({
  INVALID_ARGUMENT: CONSTANTS.errorInvalidArgument,
  INVALID_COOKIE_NAME: CONSTANTS.errorInvalidCookieName
})

function isDate (value) {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]'
}

// cookie@0.7 reads each option with JavaScript truthiness; these turn options into the
// flat arguments of the native serializers with the same reading.
function attributeFlags (opt) {
  let flags = 0
  if (opt.httpOnly) flags |= FLAG.HTTP_ONLY
  if (opt.secure) flags |= FLAG.SECURE
  if (opt.partitioned) flags |= FLAG.PARTITIONED
  const sameSite = opt.sameSite
  if (sameSite === true) flags |= FLAG.SAME_SITE_TRUE
  else if (sameSite && typeof sameSite !== 'string') flags |= FLAG.SAME_SITE_INVALID
  const priority = opt.priority
  if (priority && typeof priority !== 'string') flags |= FLAG.PRIORITY_INVALID
  const expires = opt.expires
  if (expires && !(isDate(expires) && !isNaN(expires.valueOf()))) flags |= FLAG.EXPIRES_INVALID
  return flags
}

function expiresArg (expires) {
  return expires && isDate(expires) ? expires.valueOf() : NaN
}

function textArg (value) {
  return value ? String(value) : undefined
}

function stringArg (value) {
  return value && typeof value === 'string' ? value : undefined
}

function isArgumentError (err) {
  return err != null && (err.code === ERROR_CODE.INVALID_ARGUMENT || err.code === ERROR_CODE.INVALID_COOKIE_NAME)
}

function rethrow (err) {
  if (isArgumentError(err)) throw new TypeError(err.message)
  throw err
}

// encodeURIComponent's refusal of a string it cannot encode as UTF-8.
function uriText (value) {
  const text = `${value}`
  if (!text.isWellFormed()) throw new URIError('URI malformed')
  return text
}

function attempt (fn) {
  try {
    return { value: fn() }
  } catch (error) {
    return { error }
  }
}

// cookie@0.7 `serialize(name, value, options)` without the `encode` option. The value and
// maxAge are converted here, but their conversion errors are thrown in cookie's order:
// after an invalid name, before any invalid attribute.
function serializeCookie (name, value, options) {
  const opt = options || {}
  const nameText = `${name}`
  const valueText = attempt(() => uriText(value))
  let flags = attributeFlags(opt)
  let maxAge = { value: NaN }
  if (opt.maxAge != null) {
    maxAge = attempt(() => Math.floor(opt.maxAge))
    flags |= FLAG.HAS_MAX_AGE
  }
  const result = attempt(() => binding.serializeCookie(nameText, valueText.error ? '' : valueText.value,
    maxAge.error ? 0 : maxAge.value, expiresArg(opt.expires), textArg(opt.domain), textArg(opt.path),
    stringArg(opt.priority), stringArg(opt.sameSite), flags))
  if (result.error && result.error.code === ERROR_CODE.INVALID_COOKIE_NAME) rethrow(result.error)
  if (valueText.error) throw valueText.error
  if (maxAge.error) throw maxAge.error
  if (result.error) rethrow(result.error)
  return result.value
}

// The Set-Cookie value carrying `id`, signed with the signer's first secret.
function serializeSessionCookie (signer, name, id, data) {
  const opt = data || {}
  if (!id.isWellFormed()) throw new URIError('URI malformed')
  try {
    return signer.sessionCookie(name, id, expiresArg(opt.expires), textArg(opt.domain),
      textArg(opt.path), stringArg(opt.priority), stringArg(opt.sameSite), attributeFlags(opt))
  } catch (err) {
    rethrow(err)
  }
}

// A native session map: the binding's map functions, bound to the map's handle. The
// `owner` keeps the map alive; when it is collected, the native side frees the map.
class SessionMap {
  constructor (idleMs, maxSessions, maxBytes) {
    this.owner = new binding.NativeSessionMap(idleMs, maxSessions, maxBytes)
    this.handle = this.owner.handle()
  }

  get (id, now) { return binding.sessionMapGet(this.handle, id, now) }
  getPacked (id, now) { return binding.sessionMapGetPacked(this.handle, id, now) }
  set (id, cookie, data, expires, now) { return binding.sessionMapSet(this.handle, id, cookie, data, expires, now) }
  setTemplated (id, serial, data, expires, now) {
    return binding.sessionMapSetTemplated(this.handle, id, serial, data, expires, now)
  }

  touch (id, cookie, expires, now) { return binding.sessionMapTouch(this.handle, id, cookie, expires, now) }
  merge (id, cookie, set, unset, expires, now) { return binding.sessionMapMerge(this.handle, id, cookie, set, unset, expires, now) }
  touchTemplated (id, serial, expires, now) { return binding.sessionMapTouchTemplated(this.handle, id, serial, expires, now) }
  internCookie (cookie, expires) { return binding.sessionMapInternCookie(this.handle, cookie, expires) }
  cookieTemplate (serial) { return binding.sessionMapCookieTemplate(this.handle, serial) }
  destroy (id) { return binding.sessionMapDestroy(this.handle, id) }
  all (now) { return binding.sessionMapAll(this.handle, now) }
  snapshot () { return binding.sessionMapSnapshot(this.handle) }
  ids (now) { return binding.sessionMapIds(this.handle, now) }
  length (now) { return binding.sessionMapLength(this.handle, now) }
  clear () { return binding.sessionMapClear(this.handle) }
  sweep (now, budget) { return binding.sessionMapSweep(this.handle, now, budget) }
  prune (now) { return binding.sessionMapPrune(this.handle, now) }
  stats () { return binding.sessionMapStats(this.handle) }
}

module.exports = {
  CONSTANTS,
  READ_STATUS,
  SessionSigner: binding.SessionSigner,
  SessionMap,
  generateSessionId: binding.generateSessionId,
  parseCookieHeader: binding.parseCookieHeader,
  decisionTable: binding.decisionTable,
  decisionInputBitNames: binding.decisionInputBitNames,
  serializeCookie,
  serializeSessionCookie
}
