'use strict'

// Which tracker class (the per-request state and end-of-response work, see
// request-tracker.js) a middleware uses, chosen once when session() is called: the store's
// path (store-paths.js), with a subclass stacked on it for each opt-in option that is on.
// With none of them on, a request runs the store path's class itself: the options cost
// nothing per request when off.

const { RequestTracker } = require('./request-tracker')
const { NativeStoreTracker, GuardedStoreTracker } = require('./store-paths')
const { MemoryStore } = require('./memory-store')
const { WRITE_SESSION } = require('./store-intent')
const { withAbsoluteTimeout } = require('./features/absolute-timeout')
const { withTouchAfter } = require('./features/touch-after')
const { rotates, withRotatedSecrets } = require('./features/rotate-secrets')
const { withMergedWrites } = require('./concurrency-merge')
const { withSaveBeforeHeaders } = require('./save-before-headers')

// In the order they are stacked, innermost first.
const OPT_INS = [
  [(config) => config.absoluteTimeout !== undefined, withAbsoluteTimeout],
  [(config) => config.touchAfter !== undefined, withTouchAfter],
  [(config) => rotates(config.signer), withRotatedSecrets],
  [(config) => config.concurrency === 'merge', withMergedWrites],
  [(config) => config.saveBeforeHeaders, withSaveBeforeHeaders]
]

// One class per store path and combination of options, shared by every middleware that
// uses it: the tracker's methods then meet as few object shapes as the options in use make.
const classes = new Map()

function stacked (Base, config) {
  const on = OPT_INS.map(([isOn]) => isOn(config))
  const key = `${Base.name}:${on.join()}`
  let Tracker = classes.get(key)
  if (Tracker === undefined) {
    Tracker = Base
    OPT_INS.forEach(([, mixin], index) => {
      if (on[index]) Tracker = mixin(Tracker)
    })
    classes.set(key, Tracker)
  }
  return Tracker
}

// `native` serves the requests that find `store` reachable natively (isDirect: a
// MemoryStore whose methods are still ours, which an application may replace at any time),
// undefined for any other store; `other` serves the rest.
function trackerClasses (config) {
  const store = config.store
  const Other = typeof store[WRITE_SESSION] === 'function' ? GuardedStoreTracker : RequestTracker
  return {
    native: store instanceof MemoryStore ? stacked(NativeStoreTracker, config) : undefined,
    other: stacked(Other, config)
  }
}

module.exports = { trackerClasses }
