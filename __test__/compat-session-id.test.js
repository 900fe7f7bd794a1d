'use strict'

// generateSessionId against uid-safe 2.1.5's `uid.sync(24)`, express-session's default genid.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const uid = require('uid-safe')
const { generateSessionId } = require('../lib/native')

const CASES = 10000
const ID_FORMAT = /^[A-Za-z0-9_-]{32}$/
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// What every uid.sync(24) output is: 24 bytes as unpadded base64url, nothing else.
function assertUidSafeShape (id, label) {
  assert.equal(typeof id, 'string', label)
  assert.match(id, ID_FORMAT, label)
  const bytes = Buffer.from(id, 'base64url')
  assert.equal(bytes.length, 24, label)
  assert.equal(bytes.toString('base64url'), id, `${label}: canonical encoding`)
}

test('the reference: uid-safe ids have the shape checked below', () => {
  for (let i = 0; i < 1000; i++) assertUidSafeShape(uid.sync(24), `uid.sync(24) #${i}`)
})

test(`${CASES} generated ids have uid.sync(24)'s shape and are all different`, () => {
  const ids = new Set()
  for (let i = 0; i < CASES; i++) {
    const id = generateSessionId()
    assertUidSafeShape(id, `id #${i} ${JSON.stringify(id)}`)
    ids.add(id)
  }
  assert.equal(ids.size, CASES)
})

test('100,000 generated ids are unique', () => {
  const ids = new Set()
  for (let i = 0; i < 100000; i++) ids.add(generateSessionId())
  assert.equal(ids.size, 100000)
})

// A fixed or badly seeded generator would pass the format checks; these catch it without
// being flaky (each bound is hundreds of standard deviations away from random output).
test('ids use the whole alphabet in every position and half of their bits are set', () => {
  const seenAt = Array.from({ length: 32 }, () => new Set())
  let ones = 0
  for (let i = 0; i < CASES; i++) {
    const id = generateSessionId()
    for (let p = 0; p < 32; p++) seenAt[p].add(id[p])
    for (const byte of Buffer.from(id, 'base64url')) {
      for (let b = byte; b !== 0; b >>= 1) ones += b & 1
    }
  }
  for (let p = 0; p < 32; p++) {
    assert.equal(seenAt[p].size, BASE64URL.length, `position ${p} uses ${seenAt[p].size} symbols`)
  }
  const bits = CASES * 24 * 8
  assert.ok(Math.abs(ones / bits - 0.5) < 0.01, `${ones} of ${bits} bits set`)
})

test('consecutive ids share no common prefix or suffix beyond chance', () => {
  let previous = generateSessionId()
  let samePrefix = 0
  for (let i = 0; i < CASES; i++) {
    const id = generateSessionId()
    if (id.slice(0, 4) === previous.slice(0, 4) || id.slice(-4) === previous.slice(-4)) samePrefix++
    previous = id
  }
  // Chance of a 4-character match is 2 / 64^4 per pair: about 0.001 over all pairs.
  assert.ok(samePrefix <= 2, `${samePrefix} pairs share a prefix or suffix`)
})
