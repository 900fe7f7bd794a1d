'use strict'

// parseCookieHeader against cookie 0.7.2's parse (what express-session 1.19.0 reads the
// Cookie header with), compared as name → value maps.
//
// Headers never hold lone surrogates (Node reads them as latin1), and none are generated:
// our strings cross into Rust as UTF-8, where they become U+FFFD.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const cookie = require('cookie')
const { parseCookieHeader } = require('../lib/native')
const { createRandom } = require('./support/random')

const CASES = 20000
const PERCENT_SEQUENCES = [
  '%20', '%3B', '%3D', '%22', '%25', '%2C', '%C3%A9', '%E4%B8%AD', '%F0%9F%98%80', '%7F', '%00',
  '%e9', '%C3', '%E4%B8', '%ED%A0%80', '%C0%AF', '%F4%90%80%80', '%FF', '%2', '%', '%zz', '%%41', '%G0'
]
const SEPARATORS = [';', '; ', ' ;', ';;', '; ;', ';\t', '\t;\t', ';  ']
const AROUND = ['', '', '', ' ', '\t', '  ', ' \t']

// Our flat [name, value, …] as a map; names must not repeat.
function ourMap (header) {
  const flat = parseCookieHeader(header)
  assert.equal(flat.length % 2, 0)
  const map = new Map()
  for (let i = 0; i < flat.length; i += 2) {
    assert.ok(!map.has(flat[i]), `name ${JSON.stringify(flat[i])} appears twice`)
    map.set(flat[i], flat[i + 1])
  }
  return map
}

// Object key order puts integer-like names first, so only the mapping is compared.
function theirMap (header) {
  return new Map(Object.entries(cookie.parse(header)))
}

function randomName (random, names) {
  switch (random.int(8)) {
    case 0: return random.pick(['connect.sid', 'sid', '__proto__', 'constructor', 'toString', '0', '42', 'a b'])
    case 1: return ''
    case 2: return random.mixed(['alnum', 'token', 'latin1', 'unicode', 'astral', ' '], 8)
    case 3: if (names.length > 0) return random.pick(names) // a duplicate
    // falls through
    default: return random.mixed(['alnum', 'token'], 10)
  }
}

function randomValue (random) {
  switch (random.int(10)) {
    case 0: return ''
    case 1: return '"' + random.mixed(['alnum', 'cookieSyntax'], 10) + '"'
    case 2: return random.pick(['"', '""', '"abc', 'abc"', ' " ', '"a"b"'])
    case 3: return encodeURIComponent(random.mixed(['alnum', 'unicode', 'astral', 'cookieSyntax', 'latin1'], 12))
    case 4: {
      let value = ''
      for (let n = random.between(1, 4); n > 0; n--) value += random.chars('alnum', random.int(3)) + random.pick(PERCENT_SEQUENCES)
      return value
    }
    case 5: return random.mixed(['alnum', '=', ' ', '\t'], 12)
    case 6: return random.mixed(['latin1', 'unicode', 'astral', 'control', 'alnum'], 12)
    default: return random.mixed(['alnum', 'token', 'base64'], 30)
  }
}

function randomSegment (random, names) {
  const name = randomName(random, names)
  names.push(name)
  const pad = () => random.pick(AROUND)
  switch (random.int(12)) {
    case 0: return pad() + name + pad() // no '='
    case 1: return pad() + '=' + pad() + randomValue(random)
    case 2: return random.mixed(['alnum', 'cookieSyntax', 'control', 'latin1', 'unicode'], 16)
    default: return pad() + name + pad() + '=' + pad() + randomValue(random) + pad()
  }
}

function randomHeader (random) {
  switch (random.int(20)) {
    case 0: return random.mixed(['alnum', 'cookieSyntax', '='], 3) // shorter than a pair
    case 1: return random.mixed(['alnum', 'token', 'cookieSyntax', 'control', 'latin1', 'unicode', 'astral', '=;'], 60)
    default: {
      const names = []
      const segments = Array.from({ length: random.between(1, 8) }, () => randomSegment(random, names))
      let header = segments[0]
      for (let i = 1; i < segments.length; i++) header += random.pick(SEPARATORS) + segments[i]
      if (random.chance(0.1)) header = random.pick(SEPARATORS) + header
      if (random.chance(0.1)) header += random.pick(SEPARATORS)
      return header
    }
  }
}

test(`parseCookieHeader equals cookie.parse on ${CASES} generated headers`, () => {
  const random = createRandom('cookie-parse')
  let nonEmpty = 0
  for (let i = 0; i < CASES; i++) {
    const header = randomHeader(random)
    const theirs = theirMap(header)
    assert.deepEqual(ourMap(header), theirs, `parse(${JSON.stringify(header)}) ${random.where(i)}`)
    if (theirs.size > 0) nonEmpty++
  }
  assert.ok(nonEmpty > CASES / 2, `only ${nonEmpty} headers held a cookie`)
})

test('hand-picked headers parse alike', () => {
  const headers = [
    '', '=', 'a', 'a=', '=b', ';', 'a=b', ' a = b ', '\ta\t=\tb\t', 'a=b;a=c', 'a=b; a=c; b=d',
    'a="b"', 'a="', 'a=""', 'a=" b "', 'a=\'b\'', 'a=b=c', 'a==', 'x;a=b', 'a;b=c;d', 'a=b;;c=d',
    'a=%', 'a=%E9', 'a=%C3%A9', 'a=%ED%A0%80', 'a=%F0%9F%98%80', '%41=b', 'a=b%3Bc',
    '__proto__=x', '__proto__=x; __proto__=y; a=b', 'constructor=x', '0=a; 1=b; a=c; 00=d',
    'a b=c', 'é=ü', 'a=\u00e9\u00ff', 'a=😀', 'a=\x00\x1f\x7f', 'foo; bar=baz', 'foo=;bar=baz'
  ]
  for (const header of headers) {
    assert.deepEqual(ourMap(header), theirMap(header), `parse(${JSON.stringify(header)})`)
  }
})

test('a long header with thousands of cookies parses alike', () => {
  const random = createRandom('cookie-parse-long')
  const pairs = []
  for (let i = 0; i < 5000; i++) {
    pairs.push(`${random.mixed(['alnum'], 3) || 'x'}=${random.mixed(['alnum', 'base64'], 8)}`)
  }
  const header = pairs.join('; ')
  assert.deepEqual(ourMap(header), theirMap(header))
})
