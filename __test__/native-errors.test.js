'use strict'

// The binding's errors are told apart by code: cookie@0.7 checks the name before anything
// else, so that error must win over a value or option error found at the same time.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const cookie = require('cookie')
const { serializeCookie } = require('../lib/native')

function thrown (fn) {
  try {
    fn()
  } catch (err) {
    return `${err.name}: ${err.message}`
  }
  return 'no error'
}

const cases = [
  ['bad name', 'x', {}],
  ['bad name', '\ud800', {}],
  ['bad name', 'x', { maxAge: 'abc' }],
  ['bad name', 'x', { domain: 'bad domain' }],
  ['ok', '\ud800', { maxAge: 'abc' }],
  ['ok', 'x', { maxAge: 'abc', domain: 'bad domain' }],
  ['ok', 'x', { sameSite: 'bogus', priority: 'bogus' }]
]

for (const [name, value, options] of cases) {
  test(`serialize(${JSON.stringify(name)}, …, ${JSON.stringify(options)}) fails as cookie@0.7 does`, () => {
    const expected = thrown(() => cookie.serialize(name, value, options))
    assert.notEqual(expected, 'no error')
    assert.equal(thrown(() => serializeCookie(name, value, options)), expected)
  })
}
