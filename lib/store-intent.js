'use strict'

// How the middleware tells a store that knows it whether a write is of a session the request
// loaded or of one it created. A store that has a method under WRITE_SESSION is called as
//   store[WRITE_SESSION](id, session, created, callback, data)
// for the middleware's own end-of-request save instead of `set`, whose public meaning stays
// the store's own. `data`, when given, is the session's JSON without cookie as
// session-json.js's dataJson makes it, just made by the middleware. The key is a Symbol, so
// the method is invisible to enumeration and JSON.

const WRITE_SESSION = Symbol('express-session-rs.writeSession')

module.exports = { WRITE_SESSION }
