'use strict'

// The values a secret may be — what Node's HMAC accepts as a key — as the bytes the
// native signer keys itself with.

const { KeyObject } = require('crypto')
const native = require('./native')

function secretBytes (value) {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  if (value instanceof KeyObject && value.type === 'secret') return value.export()
  return undefined
}

// A signer keyed with `secrets` (the first signs, all verify), or undefined when one of
// them is not a usable secret. Holes in a sparse array count as unusable.
function createSigner (secrets) {
  const keys = []
  for (let i = 0; i < secrets.length; i++) {
    const bytes = i in secrets ? secretBytes(secrets[i]) : undefined
    if (bytes === undefined) return undefined
    keys.push(bytes)
  }
  return new native.SessionSigner(keys)
}

module.exports = { createSigner }
