'use strict'

// Cookie templates: a session cookie made by our Cookie class has JSON that is a function of
// its fields, so sessions whose cookies have equal fields share one template in the native
// map, named by serial, and each session keeps only its cookie's date. Which cookies have
// which serial is remembered here for the cookies seen last, so a save needs neither the
// cookie's JSON nor a call to look it up.

const Cookie = require('../cookie')
const { CONSTANTS } = require('../native')

// What the native map answers for a cookie it keeps inline rather than as a template.
const NOT_TEMPLATED = CONSTANTS.notTemplated
// The members of a cookie's JSON, in their order; `expires` is the one kept per session.
const FIELDS = Object.freeze(Object.keys(new Cookie().toJSON()))
const SHARED_FIELDS = FIELDS.filter((field) => field !== 'expires')
const DATE_TO_JSON = Date.prototype.toJSON
const DATE_TO_ISO_STRING = Date.prototype.toISOString
// The dates toISOString prints with a 4-digit year (what the native side prints).
const FIRST_ISO_MS = -62167219200000
const LAST_ISO_MS = 253402300799999
const RECENT_COOKIES = 16
const PARSED_TEMPLATES = 64

// How the cookie's `expires` is kept: absent, null, or a date.
const NO_EXPIRES = 0
const NULL_EXPIRES = 1
const DATED = 2

// Only values compared by identity, so that equal fields mean equal JSON.
function isPrimitive (value) {
  return value === null || typeof value !== 'object'
}

class CookieTemplates {
  constructor (map) {
    this.map = map
    // { kind, serial, values (SHARED_FIELDS' values) }, most recent first
    this.recent = []
    // template serial → its parsed JSON (date null); the native side never reuses a serial
    this.parsed = new Map()
    // the expiry (ms, NaN for none) of the cookie last given to serialOf
    this.expires = NaN
  }

  // The template serial of a standard cookie (its expiry left in `expires`), or
  // NOT_TEMPLATED when it is stored as JSON of its own.
  serialOf (cookie) {
    const expires = cookie._expires
    let kind
    let ms = NaN
    if (expires === undefined) {
      kind = NO_EXPIRES
    } else if (expires === null) {
      kind = NULL_EXPIRES
    } else if (expires instanceof Date && expires.toJSON === DATE_TO_JSON && expires.toISOString === DATE_TO_ISO_STRING) {
      ms = expires.getTime()
      if (!(ms >= FIRST_ISO_MS && ms <= LAST_ISO_MS)) return NOT_TEMPLATED
      kind = DATED
    } else {
      return NOT_TEMPLATED
    }
    this.expires = ms
    const recent = this.recent
    for (let i = 0; i < recent.length; i++) {
      const entry = recent[i]
      if (entry.kind === kind && sameFields(entry.values, cookie)) {
        if (i !== 0) {
          recent.splice(i, 1)
          recent.unshift(entry)
        }
        return entry.serial
      }
    }
    return this.intern(cookie, kind, ms)
  }

  intern (cookie, kind, ms) {
    const data = cookie.toJSON()
    const keys = Object.keys(data)
    // Cookie.prototype's `data` replaced: its JSON is no longer a function of FIELDS.
    if (keys.length !== FIELDS.length || keys.some((key, i) => key !== FIELDS[i])) return NOT_TEMPLATED
    const values = SHARED_FIELDS.map((field) => data[field])
    if (!values.every(isPrimitive)) return NOT_TEMPLATED
    const json = JSON.stringify(cookie)
    if (json === undefined) return NOT_TEMPLATED
    const serial = this.map.internCookie(json, ms)
    if (serial === NOT_TEMPLATED) return NOT_TEMPLATED
    if (this.recent.length >= RECENT_COOKIES) this.recent.pop()
    this.recent.unshift({ kind, serial, values })
    this.expires = ms
    return serial
  }

  // The native side no longer knows the serial (its template was replaced): forget it.
  forget (serial) {
    this.recent = this.recent.filter((entry) => entry.serial !== serial)
  }

  // The parsed JSON of template `serial` (its date null), or undefined if the map lost it.
  template (serial) {
    let parsed = this.parsed.get(serial)
    if (parsed === undefined) {
      const json = this.map.cookieTemplate(serial)
      if (json === null) return undefined
      parsed = JSON.parse(json)
      if (this.parsed.size >= PARSED_TEMPLATES) this.parsed.clear()
      this.parsed.set(serial, parsed)
    }
    return parsed
  }
}

function sameFields (values, cookie) {
  for (let i = 0; i < SHARED_FIELDS.length; i++) {
    if (values[i] !== cookie[SHARED_FIELDS[i]]) return false
  }
  return true
}

module.exports = { CookieTemplates, NOT_TEMPLATED }
