'use strict'

// `touchAfter` (ms): the store's `touch` is skipped when the session was touched (or
// saved) less than that long ago (expressjs/session#891; connect-mongo's option of the
// same name). When it was is read from the cookie the store gave back: a cookie that
// expires at `expires` and lives `originalMaxAge` ms was last written at their difference.
// With `rolling`, the Set-Cookie header still goes out as configured.

const debug = require('debug')('express-session')
const { ACTION } = require('../decision')

function readTouchAfter (value) {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new TypeError('touchAfter option must be a non-negative finite number of milliseconds')
  }
  return value
}

// Whether the stored cookie says it was written less than `touchAfter` ms before `now`.
// A cookie without an expiry date or a lifetime carries no such time: the touch goes ahead.
function touchedRecently (cookie, now, touchAfter) {
  if (cookie == null) return false
  const expires = cookie.expires
  const lifetime = cookie.originalMaxAge
  if (!(expires instanceof Date) || typeof lifetime !== 'number') return false
  const writtenAt = expires.valueOf() - lifetime
  return now - writtenAt < touchAfter
}

// The tracker of a middleware with the option: when the loaded session's cookie says it
// was written less than touchAfter ago, the store's touch is skipped.
function withTouchAfter (Tracker) {
  return class TouchAfterTracker extends Tracker {
    touchedRecently = false

    load (sess, storedData) {
      super.load(sess, storedData)
      this.touchedRecently = touchedRecently(this.req.session.cookie, Date.now(), this.settings.touchAfter)
    }

    finish (action, chunk, encoding, data) {
      if (action !== ACTION.TOUCH || !this.touchedRecently) return super.finish(action, chunk, encoding, data)
      debug('touch skipped: touched less than touchAfter ago')
      return this.originalEnd.call(this.res, chunk, encoding)
    }
  }
}

module.exports = { readTouchAfter, withTouchAfter }
