'use strict'

// `rotateSecrets: true`: a cookie that verified with a secret other than the first is
// issued again, signed with the first, so that after one session lifetime no cookie signed
// with an old secret is left and the old secret can be removed (expressjs/session#127).
//
// A signer with the same interface as the native one (lib/secrets.js), made of two native
// signers: the first secret alone, then the older ones. A cookie signed with the first
// secret costs what it costs without the option (one HMAC); one signed with an older
// secret costs the same HMACs as it does without it. Which of the two verified is kept
// until the middleware takes it, synchronously, right after reading the request's cookie.

const { READ_STATUS } = require('../native')
const { createSigner } = require('../secrets')
const { BIT } = require('../decision')

function readRotateSecrets (value) {
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw new TypeError('rotateSecrets option must be a boolean')
  return value
}

class RotatingSigner {
  constructor (current, older) {
    this.current = current
    this.older = older
    this.olderSecretUsed = false
  }

  readSessionId (header, name) {
    const result = this.current.readSessionId(header, name)
    if (result !== READ_STATUS.INVALID_SIGNATURE) return result
    const older = this.older.readSessionId(header, name)
    if (typeof older === 'string') this.olderSecretUsed = true
    return older
  }

  unsign (signed) {
    const value = this.current.unsign(signed)
    if (value !== null) return value
    const older = this.older.unsign(signed)
    if (older !== null) this.olderSecretUsed = true
    return older
  }

  sessionCookie (...args) {
    return this.current.sessionCookie(...args)
  }

  // Whether the ID read since the last call verified with an older secret.
  takeOlderSecretUsed () {
    const used = this.olderSecretUsed
    this.olderSecretUsed = false
    return used
  }
}

// The signer for the `secret` option, rotating when asked to and there is an older secret.
function rotatingSigner (secrets) {
  if (!Array.isArray(secrets) || secrets.length < 2) return undefined
  return new RotatingSigner(createSigner(secrets.slice(0, 1)), createSigner(secrets.slice(1)))
}

// Whether a middleware's signer rotates (the option is on and there is an older secret).
function rotates (signer) {
  return signer instanceof RotatingSigner
}

const REISSUED = BIT.from_request | BIT.loaded | BIT.session_present

// The tracker of a middleware whose signer rotates: the cookie of a stored session that
// verified with an older secret is set again.
function withRotatedSecrets (Tracker) {
  return class RotatedSecretsTracker extends Tracker {
    reissueCookie = false

    readId () {
      const id = super.readId()
      this.reissueCookie = this.signer.takeOlderSecretUsed()
      return id
    }

    wantsCookie (bits) {
      return super.wantsCookie(bits) || (this.reissueCookie && (bits & REISSUED) === REISSUED)
    }
  }
}

module.exports = { readRotateSecrets, rotatingSigner, rotates, withRotatedSecrets }
