'use strict'

// Links a request to the middleware's per-request tracker, so that `save` and `reload` on
// the session the middleware handed out update what it knows (express-session wraps those
// two methods on that session for the same purpose).
//
// A symbol on `req`: one more property of a request the middleware already gives
// dictionary properties when Express re-prototyped it (see property-mode.js), so it costs
// a hash insert. (Defining a hidden property on each session cost more, and a WeakMap's
// ephemerons doubled the scavenger's work.)

const TRACKER = Symbol('express-session-rs.tracker')

function trackerOf (session) {
  const req = session.req
  const tracker = req && req[TRACKER]
  return tracker !== undefined && tracker.tracks(session) ? tracker : undefined
}

function attach (req, tracker) {
  req[TRACKER] = tracker
}

module.exports = { trackerOf, attach }
