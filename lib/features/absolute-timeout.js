'use strict'

// `absoluteTimeout` (ms): a session ends that long after it was created, whatever
// `rolling`, `touch` and `resave` do (expressjs/session#557; OWASP's session management
// guidance). The creation time is a top-level member of the session's data, a number of
// ms since the epoch: every store keeps it as it keeps any data, and express-session reads
// such a session as an ordinary one (the member is just one more value in req.session).

const debug = require('debug')('express-session')

const CREATED_AT = '_createdAt'

function readAbsoluteTimeout (value) {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new TypeError('absoluteTimeout option must be a positive finite number of milliseconds')
  }
  return value
}

// The tracker of a middleware with the option. Every new session is stamped with its
// creation time. A loaded session past the timeout is destroyed in the store and the
// request goes on as one that brought no known session (a store error is logged, not sent
// to next()). A loaded session without a creation time (stored before the option was set)
// is not over: it is stamped now, which makes it modified, so it is saved once with it.
function withAbsoluteTimeout (Tracker) {
  return class AbsoluteTimeoutTracker extends Tracker {
    static generated (session) {
      super.generated(session)
      session[CREATED_AT] = Date.now()
    }

    receive (sess, cookieOptions, storedData) {
      const createdAt = sess ? sess[CREATED_AT] : undefined
      if (typeof createdAt !== 'number' || !(Date.now() - createdAt >= this.settings.absoluteTimeout)) {
        return super.receive(sess, cookieOptions, storedData)
      }
      const id = this.req.sessionID
      debug('session %s is past its absolute timeout', id)
      this.destroyAside(id, (err) => {
        if (err) debug('destroying the timed-out session failed: %s', err.message)
        super.receive(undefined, cookieOptions)
      })
    }

    load (sess, storedData) {
      super.load(sess, storedData)
      const session = this.req.session
      if (typeof session[CREATED_AT] !== 'number') session[CREATED_AT] = Date.now()
    }
  }
}

module.exports = { CREATED_AT, readAbsoluteTimeout, withAbsoluteTimeout }
