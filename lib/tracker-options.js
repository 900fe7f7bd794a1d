'use strict'

// Which tracker (the per-request state and end-of-response work, see middleware.js) a
// middleware uses. The opt-in options that change how a response ends each add a subclass,
// chosen once when session() is called: with none of them set the middleware runs
// RequestTracker itself, so they cost nothing per request when off.

const { withSaveBeforeHeaders } = require('./save-before-headers')
const { withMergedWrites } = require('./concurrency-merge')

// One class per combination, shared by every middleware that sets it: the middleware's
// methods then meet as few object shapes as the options in use make.
const classes = new Map()

function trackerClass (RequestTracker, config) {
  const merge = config.concurrency === 'merge'
  const saveBeforeHeaders = config.saveBeforeHeaders
  if (!merge && !saveBeforeHeaders) return RequestTracker
  const key = (merge ? 1 : 0) | (saveBeforeHeaders ? 2 : 0)
  let Tracker = classes.get(key)
  if (Tracker === undefined) {
    Tracker = RequestTracker
    if (merge) Tracker = withMergedWrites(Tracker)
    if (saveBeforeHeaders) Tracker = withSaveBeforeHeaders(Tracker)
    classes.set(key, Tracker)
  }
  return Tracker
}

module.exports = { trackerClass }
