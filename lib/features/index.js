'use strict'

// The opt-in capabilities of issue 17, read from the middleware's options and turned into
// the hooks the middleware calls. With none of their options set every hook is undefined,
// and the middleware does exactly what express-session 1.19.0 does.

const absoluteTimeout = require('./absolute-timeout')
const { readTouchAfter, touchedRecently } = require('./touch-after')
const { readRotateSecrets, rotatingSigner } = require('./rotate-secrets')
const { createSigner } = require('../secrets')

// Reads and checks the options onto `config` (after express-session's own, so their errors
// come first); with `rotateSecrets`, the configured signer becomes a rotating one.
function applyFeatureOptions (opts, config) {
  config.absoluteTimeout = absoluteTimeout.readAbsoluteTimeout(opts.absoluteTimeout)
  config.touchAfter = readTouchAfter(opts.touchAfter)
  config.rotateSecrets = readRotateSecrets(opts.rotateSecrets)
  if (config.rotateSecrets && config.signer !== undefined) {
    config.signer = rotatingSigner(opts.secret, createSigner) || config.signer
  }
}

// The hooks, each undefined when its option is off:
//   afterGenerate(session)             a new session was made (store.generate)
//   takeOverLoad(tracker, sess, cont)  the store gave `sess`; true when the hook ends it and
//                                      calls cont() later to go on without it
//   afterLoad(tracker)                 req.session is the loaded session
//   afterReadId(tracker)               req.sessionID was read from the request
// and they set the tracker's `reissueCookie` (the cookie is set again, see
// RequestTracker#reissuesCookie) and `touchedRecently` (the store's touch is skipped).
function createFeatures (config, directDestroy) {
  const store = config.store
  const features = {
    afterGenerate: undefined,
    takeOverLoad: undefined,
    afterLoad: undefined,
    afterReadId: undefined
  }
  const afterLoad = []

  const timeout = config.absoluteTimeout
  if (timeout !== undefined) {
    features.afterGenerate = function stampCreation (session) {
      absoluteTimeout.stamp(session, Date.now())
    }
    features.takeOverLoad = function endTimedOut (tracker, sess, cont) {
      if (!absoluteTimeout.isOver(sess, Date.now(), timeout)) return false
      absoluteTimeout.endSession(store, tracker.req.sessionID, tracker.direct ? directDestroy : undefined, cont)
      return true
    }
    afterLoad.push(function stampIfMissing (tracker) {
      absoluteTimeout.stampIfMissing(tracker.req.session, Date.now())
    })
  }

  const touchAfter = config.touchAfter
  if (touchAfter !== undefined) {
    afterLoad.push(function readLastTouch (tracker) {
      tracker.touchedRecently = touchedRecently(tracker.req.session.cookie, Date.now(), touchAfter)
    })
  }

  const signer = config.signer
  if (config.rotateSecrets && signer !== undefined && typeof signer.takeOlderSecretUsed === 'function') {
    features.afterReadId = function readRotation (tracker) {
      tracker.reissueCookie = tracker.signer === signer && signer.takeOlderSecretUsed()
    }
  }

  if (afterLoad.length === 1) features.afterLoad = afterLoad[0]
  else if (afterLoad.length > 1) {
    features.afterLoad = function (tracker) {
      for (const hook of afterLoad) hook(tracker)
    }
  }
  return features
}

module.exports = { applyFeatureOptions, createFeatures }
