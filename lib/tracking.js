'use strict'

// Links the session the middleware handed out to the middleware's per-request tracker, so
// that `save` and `reload` on it update what the middleware knows (express-session wraps
// those two methods on that session for the same purpose).
//
// The link is kept beside the session rather than on `req`: Express re-prototypes every
// request, after which each property added to it builds a new hidden class (~2 µs).

const trackers = new WeakMap()

function trackerOf (session) {
  const tracker = trackers.get(session)
  return tracker !== undefined && tracker.tracks(session) ? tracker : undefined
}

function attach (session, tracker) {
  trackers.set(session, tracker)
}

module.exports = { trackerOf, attach }
