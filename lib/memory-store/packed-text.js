'use strict'

// How a session becomes the native map's packed text and back. The map keeps either the
// session's whole JSON, or, for a session whose first member is a cookie of ours, that
// cookie apart from the rest: as a template serial (see cookie-templates.js) or as its own
// JSON. It hands the text back packed:
//   '#' + the cookie's 24-character ISO date + JSON whose `cookie` is a template serial
//   '$' + JSON whose `cookie` is a template serial (the cookie has no date)
//   anything else: the session's JSON as it was stored
// Either way the text the session stands for is JSON.stringify(session), as
// express-session's MemoryStore keeps it.

const { dataJson, isSplittable, isStandardCookie } = require('../session-json')
const { NOT_TEMPLATED } = require('./cookie-templates')

const { CONSTANTS } = require('../native')

const DATED = CONSTANTS.packedDated.charCodeAt(0)
const UNDATED = CONSTANTS.packedUndated.charCodeAt(0)
const DATED_BODY_AT = CONSTANTS.packedDatedBodyAt
const UNDATED_BODY_AT = CONSTANTS.packedUndatedBodyAt
const TEMPLATE_GONE = CONSTANTS.templateGone
const COOKIE_HEAD = '{"cookie":'
const COMMA = 44
const CLOSING_BRACE = 125

// ---- reading ----

// Where the JSON starts in packed text: 0 for plain JSON.
function packedBodyAt (text) {
  const marker = text.charCodeAt(0)
  return marker === DATED ? DATED_BODY_AT : marker === UNDATED ? UNDATED_BODY_AT : 0
}

// The session packed `text` stands for, as JSON.parse makes it.
function unpack (map, templates, id, text) {
  const at = packedBodyAt(text)
  const session = JSON.parse(at === 0 ? text : text.slice(at))
  if (at === 0) return session
  const template = templates.template(session.cookie)
  if (template === undefined) {
    // Cannot happen (a template lives as long as a session uses it); read the plain JSON.
    const json = map.get(id, Date.now())
    return json === null ? undefined : JSON.parse(json)
  }
  const cookie = { ...template }
  if (at === DATED_BODY_AT) cookie.expires = text.slice(1, DATED_BODY_AT)
  session.cookie = cookie
  return session
}

// The JSON of a packed session without its cookie, when the cookie is its first member (as
// the map keeps sessions stored by the middleware); undefined otherwise. It is the text
// `dataJson` gives for the parsed session: that text was made by JSON.stringify, and
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

// ---- writing ----

// The expiry express-session's MemoryStore reads from a stored cookie (NaN: never).
function storedExpiry (cookie) {
  if (!cookie || typeof cookie !== 'object') return NaN
  const expires = cookie.expires
  if (typeof expires === 'string') return Date.parse(expires)
  if (expires instanceof Date) return expires.getTime()
  return expires ? Number(expires) : NaN
}

// The expiry of a session's JSON text, as express-session's MemoryStore reads it.
function expiryOfJson (json) {
  const parsed = JSON.parse(json)
  return parsed !== null && typeof parsed === 'object' ? storedExpiry(parsed.cookie) : NaN
}

// `data`, when given, is dataJson(session), already computed by the caller.
function writeSession (map, templates, id, session, data) {
  const now = Date.now()
  if (isSplittable(session)) {
    const cookie = session.cookie
    if (data === undefined) data = dataJson(session)
    const serial = templates.serialOf(cookie)
    if (serial !== NOT_TEMPLATED) {
      if (map.setTemplated(id, serial, data, templates.expires, now)) return
      templates.forget(serial)
    }
    map.set(id, JSON.stringify(cookie), data, storedExpiry(cookie), now)
    return
  }
  const json = JSON.stringify(session)
  if (json === undefined) {
    // express-session keeps `undefined`, which reads as no session.
    map.destroy(id)
    return
  }
  map.set(id, undefined, json, expiryOfJson(json), now)
}

// express-session's touch: the stored session with `session.cookie` in place of its own.
function touchSession (map, templates, id, session) {
  const now = Date.now()
  const cookie = session.cookie
  if (isStandardCookie(cookie)) {
    const serial = templates.serialOf(cookie)
    if (serial !== NOT_TEMPLATED) {
      if (map.touchTemplated(id, serial, templates.expires, now) !== TEMPLATE_GONE) return
      templates.forget(serial)
    }
    map.touch(id, JSON.stringify(cookie), storedExpiry(cookie), now)
    return
  }
  const json = map.get(id, now)
  const stored = json === null ? undefined : JSON.parse(json)
  if (stored) {
    stored.cookie = cookie
    const text = JSON.stringify(stored)
    map.set(id, undefined, text, expiryOfJson(text), now)
  }
}

module.exports = { unpack, packedDataJson, writeSession, touchSession, storedExpiry }
