'use strict'

// JSON.stringify(cookie) for express-session's Cookie, written out directly: the session
// cookie is serialized on every save and touch, and the generic path (toJSON building the
// `data` object, then stringifying it) costs several times more.

const Cookie = require('./cookie')

const KEYS = ['originalMaxAge', 'partitioned', 'priority', 'expires', 'secure', 'httpOnly', 'domain', 'path', 'sameSite']
const KEY_PREFIX = KEYS.map((key) => JSON.stringify(key) + ':')

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? '0' : '') + n)

function pad (number, width) {
  return width === 2 ? TWO_DIGITS[number] : String(number).padStart(width, '0')
}

// Date.prototype.toISOString for years 0..9999, where V8's own costs ~0.6 µs a call.
function isoString (date) {
  const ms = date.valueOf()
  const days = Math.floor(ms / 86400000)
  const msOfDay = ms - days * 86400000
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  if (year < 0 || year > 9999) return date.toISOString()
  return pad(year, 4) + '-' + pad(month, 2) + '-' + pad(day, 2) + 'T' +
    pad(Math.floor(msOfDay / 3600000), 2) + ':' + pad(Math.floor(msOfDay / 60000) % 60, 2) + ':' +
    pad(Math.floor(msOfDay / 1000) % 60, 2) + '.' + pad(msOfDay % 1000, 3) + 'Z'
}

// The JSON text of one member value, or undefined where JSON.stringify leaves it out.
function valueJson (value) {
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      return isFinite(value) ? String(value) : 'null'
    case 'string':
      return JSON.stringify(value)
  }
  if (value === null) return 'null'
  if (value instanceof Date && value.toJSON === Date.prototype.toJSON) {
    return isNaN(value.valueOf()) ? 'null' : '"' + isoString(value) + '"'
  }
  return JSON.stringify(value)
}

// A Cookie whose JSON is Cookie#toJSON's: the one shape stores may serialize themselves.
function isStandardCookie (cookie) {
  return cookie instanceof Cookie && cookie.toJSON === Cookie.prototype.toJSON
}

function cookieJson (cookie) {
  if (!isStandardCookie(cookie)) return JSON.stringify(cookie)
  const values = [cookie.originalMaxAge, cookie.partitioned, cookie.priority, cookie._expires,
    cookie.secure, cookie.httpOnly, cookie.domain, cookie.path, cookie.sameSite]
  let json = '{'
  for (let i = 0; i < values.length; i++) {
    const text = valueJson(values[i])
    if (text === undefined) continue
    if (json.length > 1) json += ','
    json += KEY_PREFIX[i] + text
  }
  return json + '}'
}

module.exports = { cookieJson, isStandardCookie, isoString }
