'use strict'

// The options of issue 17's opt-in capabilities that change what a request does, read from
// the middleware's options. Each capability is a tracker subclass (tracker-class.js).

const { readAbsoluteTimeout } = require('./absolute-timeout')
const { readTouchAfter } = require('./touch-after')
const { readRotateSecrets, rotatingSigner } = require('./rotate-secrets')

// Reads and checks the options onto `config` (after express-session's own, so their errors
// come first); with `rotateSecrets`, the configured signer becomes a rotating one.
function applyFeatureOptions (opts, config) {
  config.absoluteTimeout = readAbsoluteTimeout(opts.absoluteTimeout)
  config.touchAfter = readTouchAfter(opts.touchAfter)
  config.rotateSecrets = readRotateSecrets(opts.rotateSecrets)
  if (config.rotateSecrets && config.signer !== undefined) {
    config.signer = rotatingSigner(opts.secret) || config.signer
  }
}

module.exports = { applyFeatureOptions }
