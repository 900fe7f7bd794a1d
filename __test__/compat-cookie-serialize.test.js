'use strict'

// serializeCookie against cookie 0.7.2's serialize (what express-session 1.19.0 writes
// Set-Cookie with): the same string, or a TypeError with the same message.
//
// Values with lone surrogates are not generated: encodeURIComponent throws URIError on
// them inside cookie.serialize, while ours receives them already turned into U+FFFD.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const cookie = require('cookie')
const { serializeCookie } = require('../lib/native')
const { createRandom } = require('./support/random')

const CASES = 20000
const MAX_TIME = 8.64e15 // the largest time a JS Date holds, either side of 1970
const YEAR_MS = 365.2425 * 24 * 3600 * 1000

function outcome (serialize, args) {
  try {
    return { value: serialize(...args) }
  } catch (err) {
    return { error: `${err.constructor.name}: ${err.message}` }
  }
}

function assertSameOutcome (args, where) {
  const theirs = outcome(cookie.serialize, args)
  const ours = outcome(serializeCookie, args)
  assert.deepEqual(ours, theirs, `serialize(${describe(args)}) ${where}`)
  if (theirs.error) assert.match(theirs.error, /^TypeError: /, `${describe(args)} ${where}`)
  return theirs
}

function describe (args) {
  return args.map((arg) => {
    if (arg && typeof arg === 'object' && !(arg instanceof Date)) {
      return '{ ' + Object.entries(arg).map(([k, v]) => `${k}: ${describeValue(v)}`).join(', ') + ' }'
    }
    return describeValue(arg)
  }).join(', ')
}

function describeValue (value) {
  if (value instanceof Date) return `Date(${value.valueOf()})`
  if (typeof value === 'number') return String(value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'symbol') return value.toString()
  return JSON.stringify(value)
}

function randomName (random) {
  switch (random.int(8)) {
    case 0: return random.mixed(['alnum', 'token', 'cookieSyntax', 'control', 'unicode', 'latin1', '()<>@,:\\/[]?{}'], 10)
    case 1: return random.pick(['', ' ', 'a b', 'a=b', 'a;b', 'é', '"a"', 'a\t', 'connect.sid', '__proto__', '0'])
    case 2: return random.pick([undefined, null, 42, true, -1.5, {}, ['a']])
    default: return random.mixed(['alnum', 'alnum', 'token'], 16) || 'a'
  }
}

function randomValue (random) {
  switch (random.int(6)) {
    case 0: return ''
    case 1: return random.pick([undefined, null, 0, 1.25, true, {}, ['x', 'y']])
    case 2: return 's:' + random.chars('alnum', 32) + '.' + random.chars('alnum', 43)
    default: return random.mixed(['alnum', 'token', 'cookieSyntax', 'control', 'latin1', 'unicode', 'astral', "!'()*~"], 30)
  }
}

function randomMaxAge (random) {
  switch (random.int(10)) {
    case 0: return random.pick([undefined, null])
    case 1: return random.pick([NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, 1e21, -1e21, 1e300])
    case 2: return random.pick(['', ' ', '12', ' 42 ', '1e3', '0x1f', '-7.9', 'abc', '12abc', 'Infinity'])
    case 3: return random.pick([true, false, [], [5], [1, 2], {}, { valueOf: () => 90 }, new Date(5000)])
    case 4: return (random.float() - 0.5) * 2e12 // floats, negatives
    case 5: return -random.int(100000)
    default: return random.int(1e9)
  }
}

function randomLabel (random) {
  return random.chars('abcdefghijklmnopqrstuvwxyz0123456789', random.between(1, 8))
}

function randomDomain (random) {
  switch (random.int(9)) {
    case 0: return random.pick([undefined, null, '', 0, false])
    case 1: return random.pick([123, true, 1.5, ['example.com'], {}])
    case 2: return random.mixed(['alnum', '.-_ ', 'unicode', 'control', ';'], 20) // mostly invalid
    case 3: return random.chars('a', 63) + '.com'
    case 4: return random.chars('a', 64) + '.com'
    case 5: return random.pick(['example.com.', '..example.com', '-a.com', 'a-.com', 'a..b', '.', 'a_b.com', 'exa mple.com', 'EXAMPLE.COM', '.Example.Com'])
    default: {
      const labels = Array.from({ length: random.between(1, 4) }, () => randomLabel(random))
      return (random.chance(0.2) ? '.' : '') + labels.join('.')
    }
  }
}

function randomPath (random) {
  switch (random.int(6)) {
    case 0: return random.pick([undefined, null, '', 0, false, 7, true, ['/a']])
    case 1: return random.mixed(['alnum', '/', ';', 'control', 'unicode', 'latin1'], 20) // mostly invalid
    default: return '/' + random.mixed(['alnum', '/', 'token', ' ', '=:"'], 20)
  }
}

function randomExpires (random) {
  switch (random.int(5)) {
    case 0: return random.pick([undefined, null, 0, false, ''])
    case 1: return random.pick([new Date(NaN), '2020-01-01', 1234, true, {}, [new Date(0)], Date.now])
    default: return randomValidDate(random)
  }
}

function randomValidDate (random) {
  switch (random.int(8)) {
    case 0: return new Date(random.pick([MAX_TIME, -MAX_TIME, 0, -1, 1]))
    case 1: return new Date((random.float() * 2 - 1) * MAX_TIME) // the whole range
    case 2: return new Date(-62167219200000 + (random.float() - 0.5) * 4 * YEAR_MS) // around year 0
    case 3: return new Date(253402300800000 + (random.float() - 0.5) * 4 * YEAR_MS) // around 9999/10000
    default: return new Date(Date.UTC(1970, 0, 1) + random.float() * 200 * YEAR_MS)
  }
}

function randomFlag (random) {
  return random.pick([undefined, null, true, false, 0, 1, '', 'yes', NaN, {}, []])
}

function randomPriority (random) {
  switch (random.int(6)) {
    case 0: return random.pick([undefined, null, '', false, 0])
    case 1: return random.pick([true, 1, {}, ['low'], 'urgent', 'lowest', ' low', 'hİgh', 'medium\n'])
    default: return randomCase(random, random.pick(['low', 'medium', 'high']))
  }
}

function randomSameSite (random) {
  switch (random.int(6)) {
    case 0: return random.pick([undefined, null, '', false, 0, true])
    case 1: return random.pick([1, {}, ['lax'], 'auto', 'lax ', 'strictly', 'no', 'LAX\u212a'])
    default: return randomCase(random, random.pick(['lax', 'strict', 'none']))
  }
}

function randomCase (random, word) {
  return Array.from(word, (ch) => (random.chance(0.5) ? ch.toUpperCase() : ch)).join('')
}

// Each attribute is present about half the time, so most cases reach past the first check.
function randomOptions (random) {
  if (random.chance(0.05)) return random.pick([undefined, null, {}])
  const options = {}
  const attributes = {
    maxAge: randomMaxAge,
    domain: randomDomain,
    path: randomPath,
    expires: randomExpires,
    httpOnly: randomFlag,
    secure: randomFlag,
    partitioned: randomFlag,
    priority: randomPriority,
    sameSite: randomSameSite
  }
  for (const [key, generate] of Object.entries(attributes)) {
    if (random.chance(0.5)) options[key] = generate(random)
  }
  return options
}

test(`serializeCookie equals cookie.serialize on ${CASES} generated cookies`, () => {
  const random = createRandom('cookie-serialize')
  let written = 0
  const errors = new Set()
  for (let i = 0; i < CASES; i++) {
    const result = assertSameOutcome([randomName(random), randomValue(random), randomOptions(random)], random.where(i))
    if (result.error) errors.add(result.error)
    else written++
  }
  // Both outcomes, and every kind of error, must be reached.
  assert.ok(written > CASES / 5, `only ${written} cookies written`)
  assert.deepEqual([...errors].sort(), [
    'argument name is invalid', 'option domain is invalid', 'option expires is invalid',
    'option maxAge is invalid', 'option path is invalid', 'option priority is invalid',
    'option sameSite is invalid'
  ].map((message) => `TypeError: ${message}`))
})

test('every attribute valid at once is written in the same order', () => {
  const random = createRandom('cookie-serialize-full')
  for (let i = 0; i < 2000; i++) {
    const options = {
      maxAge: random.int(1e7),
      domain: randomLabel(random) + '.example',
      path: '/' + randomLabel(random),
      expires: randomValidDate(random),
      httpOnly: true,
      secure: true,
      partitioned: true,
      priority: randomCase(random, random.pick(['low', 'medium', 'high'])),
      sameSite: random.chance(0.25) ? true : randomCase(random, random.pick(['lax', 'strict', 'none']))
    }
    const result = assertSameOutcome(['sid', random.mixed(['alnum', 'unicode'], 20), options], random.where(i))
    assert.ok(result.value, `written: ${result.error} ${random.where(i)}`)
  }
})

test('expiry dates at the edges of the JS range format alike', () => {
  const times = [-MAX_TIME, MAX_TIME, -62198755200001, -62198755200000, -62167219200001, -62167219200000,
    -1, 0, 253402300799999, 253402300800000, 951782400000, 4107542400000]
  for (const time of times) assertSameOutcome(['a', 'b', { expires: new Date(time) }], `time ${time}`)
})

// Argument types that no cookie option or session ID is made of. cookie.serialize fails on
// these while converting them, and checks the name before reading maxAge at all.
test('exotic argument types fail alike', async (t) => {
  const cases = [
    [Symbol('name'), 'b', {}],
    ['a', Symbol('value'), {}],
    ['a', 'b', { maxAge: 10n }],
    ['a', 'b', { maxAge: Symbol('maxAge') }],
    ['bad name', 'b', { maxAge: 10n }],
    ['bad name', 'b', { maxAge: Symbol('maxAge') }]
  ]
  for (const args of cases) {
    await t.test(describe(args), () => assertSameOutcome(args, 'exotic'))
  }
})
