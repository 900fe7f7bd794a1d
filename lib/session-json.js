'use strict'

const { jsonText } = require('./json-text')

// How a session becomes JSON for change detection and for the native store: the cookie
// and the rest of the session are serialized apart, as express-session's hash ignores the
// top-level `cookie` member.

// JSON of `session` without its top-level `cookie` member.
function dataJson (session) {
  const cookie = session.cookie
  if (cookie === undefined) return JSON.stringify(session)
  // A data member can be left out unread (JSON.stringify reads it, with no effect).
  if (isPlainDataCookie(session)) return jsonText(session, 'cookie')
  return JSON.stringify(session, function (key, value) {
    return this === session && key === 'cookie' ? undefined : value
  })
}

function isPlainDataCookie (session) {
  const descriptor = Object.getOwnPropertyDescriptor(session, 'cookie')
  return descriptor !== undefined && descriptor.writable === true && typeof session.toJSON !== 'function'
}

module.exports = { dataJson }
