'use strict'

// A session's JSON text, in parts. `dataJson` is the session's JSON without its top-level
// `cookie` member, made as express-session makes the text it hashes to tell whether a session
// changed: JSON.stringify with a replacer that leaves out that one member. The native
// MemoryStore keeps this text beside the cookie's; `sessionJson` joins the two again.

const { isBoxedPrimitive } = require('node:util').types
const Cookie = require('./cookie')

// What Date#toJSON calls (ToPrimitive, then toISOString): a date whose JSON comes from these,
// unreplaced, is written as its ISO text, which depends on its time value alone.
const DATE_TO_JSON = Date.prototype.toJSON
const DATE_TO_ISO_STRING = Date.prototype.toISOString
const DATE_VALUE_OF = Date.prototype.valueOf
const DATE_TO_PRIMITIVE = Date.prototype[Symbol.toPrimitive]
const timeOf = (date) => DATE_VALUE_OF.call(date)

function dataJson (session) {
  return JSON.stringify(session, function withoutCookie (key, value) {
    return this === session && key === 'cookie' ? undefined : value
  })
}

// A Cookie whose JSON is Cookie#toJSON's, whatever key it is serialized under.
function isStandardCookie (cookie) {
  return cookie instanceof Cookie && cookie.toJSON === Cookie.prototype.toJSON
}

// Whether JSON.stringify writes `session` as `{` its own enumerable members `}`, with its
// cookie, one of ours, first: then its JSON is the cookie's JSON and dataJson(session)
// joined. (An array or a boxed primitive with an own `cookie` is written otherwise.)
function isSplittable (session) {
  if (session === null || typeof session !== 'object' || typeof session.toJSON === 'function' ||
      Array.isArray(session) || isBoxedPrimitive(session)) {
    return false
  }
  return Object.keys(session)[0] === 'cookie' && isStandardCookie(session.cookie)
}

// Date#toJSON is most of the cost of a cookie's JSON (over a microsecond per cookie on Node
// 20-26), and the cookies saved within one millisecond share their expiry: the last one's
// text is kept.
let lastExpiry = NaN
let lastExpiryText = ''

function isoText (date) {
  const ms = timeOf(date)
  if (ms !== lastExpiry) {
    lastExpiryText = DATE_TO_ISO_STRING.call(date)
    lastExpiry = ms
  }
  return lastExpiryText
}

// Whether JSON.stringify writes a cookie's `fields` as a plain object whose own `expires` is a
// valid Date written by Date.prototype's own methods.
function hasPlainExpiry (fields) {
  if (fields === null || typeof fields !== 'object' || Object.getPrototypeOf(fields) !== Object.prototype ||
      typeof fields.toJSON === 'function' || !Object.hasOwn(fields, 'expires')) {
    return false
  }
  const expires = fields.expires
  return expires instanceof Date && expires.toJSON === DATE_TO_JSON && expires.toISOString === DATE_TO_ISO_STRING &&
    expires.valueOf === DATE_VALUE_OF && expires[Symbol.toPrimitive] === DATE_TO_PRIMITIVE &&
    Number.isFinite(timeOf(expires))
}

// JSON.stringify(cookie) for a standard cookie, with the text of its expiry reused.
function cookieJson (cookie) {
  const fields = cookie.toJSON()
  if (!hasPlainExpiry(fields)) return JSON.stringify(cookie)
  return JSON.stringify({ ...fields, expires: isoText(fields.expires) })
}

// JSON.stringify(session); `data`, when given, is dataJson(session), made by the caller.
function sessionJson (session, data) {
  if (data === undefined || !isSplittable(session)) return JSON.stringify(session)
  const cookie = cookieJson(session.cookie)
  if (cookie === undefined) return JSON.stringify(session)
  return data === '{}' ? `{"cookie":${cookie}}` : `{"cookie":${cookie},${data.slice(1)}`
}

module.exports = { dataJson, sessionJson, cookieJson, isSplittable, isStandardCookie }
