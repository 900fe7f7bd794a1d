'use strict'

// Links a request to the middleware's per-request tracker, so that `save` and `reload`
// on the session the middleware handed out update what it knows (express-session wraps
// those two methods on that session for the same purpose).

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
