'use strict'

// Links the session the middleware handed out to the middleware's per-request tracker, so
// that `save` and `reload` on it update what the middleware knows (express-session wraps
// those two methods on that session for the same purpose).
//
// The link is a non-enumerable symbol on the session: invisible to JSON, for…in,
// Object.keys, spread and Object.assign. Not on `req` (Express re-prototypes requests, see
// property-mode.js), and not in a WeakMap, whose ephemerons doubled the scavenger's work
// per request in the micro benchmark.

const TRACKER = Symbol('express-session-rs.tracker')

function trackerOf (session) {
  const tracker = session[TRACKER]
  return tracker !== undefined && tracker.tracks(session) ? tracker : undefined
}

function attach (session, tracker) {
  Object.defineProperty(session, TRACKER, { configurable: true, enumerable: false, value: tracker, writable: true })
}

module.exports = { trackerOf, attach }
