'use strict'

// Which tracker (the per-request state and end-of-response work, see middleware.js) a
// middleware uses. The opt-in options that change how a response ends each add a subclass,
// chosen once when session() is called: with none of them set the middleware runs
// RequestTracker itself, so they cost nothing per request when off.

const { withSaveBeforeHeaders } = require('./save-before-headers')
const { withMergedWrites } = require('./concurrency-merge')

function trackerClass (RequestTracker, config) {
  let Tracker = RequestTracker
  if (config.concurrency === 'merge') Tracker = withMergedWrites(Tracker, config.store)
  if (config.saveBeforeHeaders) Tracker = withSaveBeforeHeaders(Tracker)
  return Tracker
}

module.exports = { trackerClass }
