'use strict'

// lib/json-text.js writes JSON.stringify's text itself (faster for sessions, and able to
// leave out the top-level `cookie` without a replacer). It must be JSON.stringify to the
// byte, call what JSON.stringify calls, and throw what it throws.

const assert = require('node:assert')
const { describe, it } = require('node:test')
const { jsonText } = require('../lib/json-text')
const { createRandom } = require('./support/random')

function withoutMember (value, name) {
  return JSON.stringify(value, function (key, member) {
    return this === value && key === name ? undefined : member
  })
}

function outcome (fn) {
  try {
    return { text: fn() }
  } catch (error) {
    return { error: `${error.constructor.name}: ${error.message}` }
  }
}

class Point {
  constructor (x) { this.x = x }
  get twice () { return this.x * 2 }
}

const SPECIAL = [
  {},
  [],
  { a: undefined, b () {}, c: Symbol('s'), d: null, e: NaN, f: -Infinity, g: -0, h: 1e21, i: 5e-324, j: 2 ** 53 + 2 },
  [undefined, function () {}, Symbol('s'), null, NaN, -0],
  { text: 'quote " backslash \\ controls \u0000\u001f\u007f line \u2028 \ud800 \udc00 \ud83d\ude00 é' },
  { 'k"ey': 1, 'back\\slash': 2, '\n': 3, '\ud800': 4, é: 5, '': 6 },
  { 10: 'a', 2: 'b', x: 'c', 1: 'd' },
  { date: new Date(0), invalid: new Date(NaN), list: [new Date(1e12)] },
  { boxed: [Object(3), Object('s'), Object(false), Object(Symbol('x'))] },
  { point: new Point(2), nullProto: Object.assign(Object.create(null), { a: 1 }) },
  { typed: new Uint8Array([1, 2]), map: new Map([[1, 2]]), set: new Set([1]), regexp: /x/g, error: new Error('e') },
  { sparse: [1, , 3] }, // eslint-disable-line no-sparse-arrays
  { proxy: new Proxy({ a: 1, b: [2] }, {}), arrayProxy: new Proxy([1, 2], {}) },
  { toJSONWithKey: { toJSON (key) { return 'key=' + key } }, list: [{ toJSON (key) { return key } }] },
  { nested: { toJSON () { return { again: { toJSON () { return [1, undefined] } } } } } },
  { deep: JSON.parse('['.repeat(100) + ']'.repeat(100)) },
  { cookie: { path: '/' }, views: 1, user: { id: 7, name: 'Ada' } }
]

describe('jsonText', () => {
  it('writes what JSON.stringify writes', () => {
    for (const value of [...SPECIAL, 1, 'x', null, true, undefined, () => {}, Symbol('s'), new Date(5)]) {
      assert.deepStrictEqual(outcome(() => jsonText(value)), outcome(() => JSON.stringify(value)), String(JSON.stringify(value)))
    }
  })

  it('leaves out the named top-level member only', () => {
    for (const value of SPECIAL) {
      if (Array.isArray(value)) continue
      for (const name of ['cookie', 'a', 'user', '10']) {
        assert.strictEqual(jsonText(value, name), withoutMember(value, name), `${name} of ${JSON.stringify(value)}`)
      }
    }
    const nested = { cookie: 1, inner: { cookie: 2 } }
    assert.strictEqual(jsonText(nested, 'cookie'), '{"inner":{"cookie":2}}')
    assert.strictEqual(jsonText({ cookie: 1 }, 'cookie'), '{}')
  })

  it('throws what JSON.stringify throws', () => {
    const circular = { a: { b: [] } }
    circular.a.b.push(circular)
    const selfArray = []
    selfArray.push(selfArray)
    for (const value of [circular, selfArray, { n: 1n }, [Object(1n)], { bad: { toJSON () { throw new RangeError('no') } } }]) {
      const expected = outcome(() => JSON.stringify(value))
      assert.ok(expected.error, 'the case throws')
      assert.deepStrictEqual(outcome(() => jsonText(value)), expected)
    }
    assert.deepStrictEqual(outcome(() => jsonText(circular, 'cookie')), outcome(() => withoutMember(circular, 'cookie')))
  })

  it('reads each property and calls each toJSON as JSON.stringify does', () => {
    function traced () {
      const log = []
      const value = {}
      for (const name of ['a', 'cookie', 'b']) {
        Object.defineProperty(value, name, {
          enumerable: true,
          get () {
            log.push('get ' + name)
            return { toJSON (key) { log.push(`toJSON ${key}`); return [key] } }
          }
        })
      }
      return { value, log }
    }
    const ours = traced()
    const theirs = traced()
    assert.strictEqual(jsonText(ours.value), JSON.stringify(theirs.value))
    assert.deepStrictEqual(ours.log, theirs.log)
  })

  it('matches JSON.stringify on random values', () => {
    const random = createRandom('json-text')
    const string = () => random.mixed(['alnum', 'control', 'latin1', 'unicode', 'astral', 'cookieSyntax'], 10)
    function value (depth) {
      switch (random.int(depth > 3 ? 5 : 9)) {
        case 0: return random.pick([0, -0, 1.5, -1e-7, 1e300, NaN, Infinity, 2 ** 31, random.float()])
        case 1: return string()
        case 2: return random.pick([true, false, null, undefined])
        case 3: return random.pick([new Date(random.int(2e12)), Object(random.int(9)), Object(string()), () => 1])
        case 4: return random.chance(0.5) ? string() : random.int(1000)
        case 5: return Array.from({ length: random.int(5) }, () => value(depth + 1))
        case 6: return new Point(value(depth + 1))
        default: {
          const object = random.chance(0.1) ? Object.create(null) : {}
          const keys = random.int(6)
          for (let k = 0; k < keys; k++) object[random.chance(0.2) ? String(random.int(20)) : string()] = value(depth + 1)
          return object
        }
      }
    }
    for (let i = 0; i < 3000; i++) {
      const v = value(0)
      assert.strictEqual(jsonText(v), JSON.stringify(v), random.where(i))
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const name = random.pick(['cookie', ...Object.keys(v)])
        assert.strictEqual(jsonText(v, name), withoutMember(v, name), random.where(i))
      }
    }
  })

  it('keeps writing keys right past its cache of member heads', () => {
    const value = {}
    for (let i = 0; i < 3000; i++) value['key' + i] = i
    assert.strictEqual(jsonText(value), JSON.stringify(value))
    assert.strictEqual(jsonText(value), JSON.stringify(value))
  })
})
