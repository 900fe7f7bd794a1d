'use strict'

// The session's JSON without its top-level `cookie` member, as express-session makes the
// text it hashes to tell whether a session changed: JSON.stringify with a replacer that leaves
// out that one member. The native MemoryStore keeps this text beside the cookie's.
//
// A replacer function takes V8 off its fast JSON path for the whole object tree; a shallow
// copy of the other members, stringified without one, makes the same text in under half the
// time (a middleware computes this once or twice per request). The copy is made only of a
// plain object: an array, a boxed primitive or anything with its own toJSON would serialize
// differently, and a member named `__proto__` cannot be copied as a member. What cannot be
// serialized is serialized again as express-session does, so that it throws the same error.
function dataJson (session) {
  if (!isPlainRecord(session)) return replacerDataJson(session)
  const copy = {}
  for (const key in session) {
    if (key === 'cookie' || !Object.prototype.hasOwnProperty.call(session, key)) continue
    if (key === '__proto__') return replacerDataJson(session)
    copy[key] = session[key]
  }
  try {
    return JSON.stringify(copy)
  } catch {
    return replacerDataJson(session)
  }
}

function isPlainRecord (value) {
  return typeof value === 'object' && value !== null && typeof value.toJSON !== 'function' &&
    Object.prototype.toString.call(value) === '[object Object]'
}

function replacerDataJson (session) {
  return JSON.stringify(session, function withoutCookie (key, value) {
    return this === session && key === 'cookie' ? undefined : value
  })
}

module.exports = { dataJson }
