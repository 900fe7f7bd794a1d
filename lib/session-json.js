'use strict'

// The session's JSON without its top-level `cookie` member, made as express-session makes the
// text it hashes to tell whether a session changed: JSON.stringify with a replacer that leaves
// out that one member. The native MemoryStore keeps this text beside the cookie's.
function dataJson (session) {
  return JSON.stringify(session, function withoutCookie (key, value) {
    return this === session && key === 'cookie' ? undefined : value
  })
}

module.exports = { dataJson }
