'use strict'

// How a session becomes JSON for change detection and for the native store: the cookie
// and the rest of the session are serialized apart, as express-session's hash ignores the
// top-level `cookie` member.

// JSON of `session` without its top-level `cookie` member.
function dataJson (session) {
  const cookie = session.cookie
  if (cookie === undefined) return JSON.stringify(session)
  if (isPlainDataCookie(session)) {
    // Blanking the member keeps key order and costs nothing; JSON.stringify skips it.
    session.cookie = undefined
    try {
      return JSON.stringify(session)
    } finally {
      session.cookie = cookie
    }
  }
  return JSON.stringify(session, function (key, value) {
    return this === session && key === 'cookie' ? undefined : value
  })
}

function isPlainDataCookie (session) {
  const descriptor = Object.getOwnPropertyDescriptor(session, 'cookie')
  return descriptor !== undefined && descriptor.writable === true && typeof session.toJSON !== 'function'
}

module.exports = { dataJson }
