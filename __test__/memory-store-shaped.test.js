'use strict'

// MemoryStore#get rebuilds a session from its shape (a function compiled once per
// skeleton) instead of JSON.parse. What it hands out must be indistinguishable from what
// JSON.parse gives: same values, key order, prototypes, own data properties; and a fresh
// object on every read.

const assert = require('node:assert')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { describe, it } = require('node:test')
const expressSession = require('express-session')
const session = require('..')
const { nativeMapOf } = require('../lib/memory-store')
const { createRandom } = require('./support/random')

function get (store, id) {
  return new Promise((resolve, reject) => store.get(id, (err, value) => (err ? reject(err) : resolve(value))))
}

function set (store, id, value) {
  return new Promise((resolve, reject) => store.set(id, value, (err) => (err ? reject(err) : resolve())))
}

// Every own property, in order, with its descriptor and (recursively) its value's
// prototype: two values described alike are alike to any program.
function describeValue (value) {
  if (value === null || typeof value !== 'object') return Object.is(value, -0) ? '-0' : value
  return {
    prototype: Object.getPrototypeOf(value) === Object.prototype
      ? 'Object'
      : Object.getPrototypeOf(value) === Array.prototype ? 'Array' : 'other',
    properties: Reflect.ownKeys(value).map((key) => {
      const d = Object.getOwnPropertyDescriptor(value, key)
      return [String(key), d.writable, d.enumerable, d.configurable, 'get' in d, describeValue(d.value)]
    })
  }
}

function isShapedRead (store, id) {
  const text = nativeMapOf(store).getShaped(id, Date.now())
  return text !== null && /^(#.{24}|\$)?%/.test(text)
}

const CASES = [
  {},
  { views: 1 },
  { views: 1, user: { id: 42, name: 'Ada' } },
  { text: 'quote " backslash \\ newline \n tab \t \u2028 \ud800 ☃ 😀', empty: '', slash: '/' },
  { numbers: [0, -0, 1e21, 1.5e-7, -12.25, Number.MAX_SAFE_INTEGER, 2 ** 64, 5e-324] },
  { flags: [true, false, null], deep: { a: { b: { c: [[], {}, [[]]] } } } },
  { 0: 'zero', 10: 'ten', 2: 'two', b: 1, a: 2, '': 'empty key', 'with space': 1, é: 'é', 'line\u2028sep\u2029': '😀', '${x}': '`' },
  { keyLooksLikeHole: { '#': 1, $: '$', '"': 2 }, '%': 'percent' },
  JSON.parse('{"__proto__":{"polluted":1},"list":[{"cookie":3}]}'),
  { proto: JSON.parse('{"x":{"__proto__":"not a prototype"}}') },
  { escapedKey: JSON.parse('{"a\\"b":1,"new\\nline":2}') },
  { cookie: { not: 'a Cookie' }, views: 3 },
  { views: 4, cookie: new session.Cookie({ maxAge: 60000 }) },
  { cookie: new session.Cookie(), list: Array.from({ length: 70 }, (_, i) => i) },
  { date: new Date(0), nan: NaN, infinity: -Infinity, undef: undefined, fn () {} },
  { toString: 'shadows', inner: { constructor: 1, hasOwnProperty: true, valueOf: [] } }
]

describe('MemoryStore#get from shapes', () => {
  it('gives what JSON.parse of the stored JSON gives, as express-session does', async () => {
    const ours = new session.MemoryStore()
    const theirs = new expressSession.MemoryStore()
    let shaped = 0
    for (let i = 0; i < CASES.length; i++) {
      const id = 'case-' + i
      await set(ours, id, CASES[i])
      await set(theirs, id, CASES[i])
      const expected = JSON.parse(JSON.stringify(CASES[i]))
      const got = await get(ours, id)
      assert.deepStrictEqual(describeValue(got), describeValue(expected), `case ${i}`)
      assert.deepStrictEqual(describeValue(got), describeValue(await get(theirs, id)), `case ${i}`)
      if (isShapedRead(ours, id)) shaped++
    }
    // Escaped keys (two cases), `__proto__` keys (two) and more than 64 values are read
    // as JSON.
    assert.strictEqual(shaped, CASES.length - 5)
  })

  it('hands out a new object on every read', async () => {
    const store = new session.MemoryStore()
    await set(store, 'a', { cookie: new session.Cookie(), user: { name: 'Ada', roles: ['x'] } })
    const first = await get(store, 'a')
    first.user.name = 'changed'
    first.user.roles.push('y')
    first.cookie.path = '/changed'
    const second = await get(store, 'a')
    assert.notStrictEqual(second, first)
    assert.strictEqual(second.user.name, 'Ada')
    assert.deepStrictEqual(second.user.roles, ['x'])
    assert.strictEqual(second.cookie.path, '/')
  })

  it('matches JSON.parse for random sessions, more shapes than the native table holds', async () => {
    const random = createRandom('memory-store-shaped')
    const store = new session.MemoryStore()
    const strings = () => random.mixed(['alnum', 'token', 'control', 'latin1', 'unicode', 'astral', 'cookieSyntax'], 12)
    const number = () => random.pick([0, -0, 1, -1, 0.5, 1e21, 1e-7, 123456789.125, -Number.MAX_VALUE, random.float() * 1e6])
    function value (depth) {
      switch (random.int(depth > 3 ? 4 : 7)) {
        case 0: return number()
        case 1: return strings()
        case 2: return random.pick([true, false, null])
        case 3: return random.chance(0.5) ? number() : strings()
        case 4: return Array.from({ length: random.int(5) }, () => value(depth + 1))
        default: {
          const object = {}
          const keys = random.int(5)
          for (let k = 0; k < keys; k++) object[random.chance(0.2) ? String(random.int(20)) : random.chars('alnum', 1 + random.int(3))] = value(depth + 1)
          return object
        }
      }
    }
    let shaped = 0
    for (let i = 0; i < 1500; i++) {
      const data = value(0)
      const stored = data !== null && typeof data === 'object' && !Array.isArray(data) && random.chance(0.5)
        ? { cookie: new session.Cookie({ maxAge: random.chance(0.5) ? 60000 : undefined }), ...data }
        : data
      const id = 'r' + i
      await set(store, id, stored)
      const got = await get(store, id)
      assert.deepStrictEqual(describeValue(got), describeValue(JSON.parse(JSON.stringify(stored))), random.where(i))
      if (isShapedRead(store, id)) shaped++
    }
    assert.ok(shaped > 1000, `${shaped} of 1500 read by shape`)
    // Sessions stored long ago, their skeletons since forgotten by the native table.
    for (let i = 0; i < 1500; i += 7) {
      const got = await get(store, 'r' + i)
      assert.deepStrictEqual(describeValue(got), describeValue(JSON.parse(nativeMapOf(store).get('r' + i, Date.now()))))
    }
  })

  it('reads sessions as JSON where code generation is refused', () => {
    const script = `
      const session = require(${JSON.stringify(path.join(__dirname, '..'))})
      const store = new session.MemoryStore()
      const value = { cookie: new session.Cookie(), views: 2, user: { name: 'Ada' } }
      store.set('a', value, () => store.get('a', (err, got) => {
        if (err) throw err
        process.stdout.write(JSON.stringify(got) === JSON.stringify(value) ? 'same' : 'different: ' + JSON.stringify(got))
      }))`
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], { encoding: 'utf8' })
    assert.strictEqual(out, 'same')
  })
})
