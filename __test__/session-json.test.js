'use strict'

// dataJson (lib/session-json.js) is the text express-session hashes to tell whether a session
// changed: JSON.stringify with a replacer leaving out the top-level `cookie`. Any faster way to
// make it must give that replacer's text, and its error, in every case below.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { dataJson } = require('../lib/session-json')
const Session = require('../lib/session')
const Cookie = require('../lib/cookie')

function expressSessionText (session) {
  return JSON.stringify(session, function (key, val) {
    if (this === session && key === 'cookie') return
    return val
  })
}

function outcome (fn, value) {
  try {
    return { text: fn(value) }
  } catch (err) {
    return { error: `${err.name}: ${err.message}` }
  }
}

function session (data) {
  const s = new Session({ sessionID: 'id' }, data)
  s.cookie = new Cookie({ maxAge: 1000 })
  return s
}

const circular = { name: 'loop' }
circular.self = circular
const selfNested = session({ a: 1 })
selfNested.inner = { back: selfNested }
const cookieLoop = session({ a: 1 })
cookieLoop.cookie.owner = cookieLoop
class WithToJSON {
  constructor () { this.cookie = {}; this.a = 1 }
  toJSON () { return { replaced: true, cookie: 'kept' } }
}
const withProto = JSON.parse('{"__proto__": {"x": 1}, "a": 2, "cookie": {}}')
const inherited = Object.create({ fromPrototype: 1 })
inherited.own = 2

const CASES = [
  ['a Session with data and a cookie', session({ views: 1, user: { id: 42, name: 'Ada' } })],
  ['a Session with only its cookie', session()],
  ['integer-like keys, in their JSON order', session({ b: 1, 2: 'two', a: 3, 1: 'one' })],
  ['a nested member named cookie is kept', session({ nested: { cookie: 'stays' } })],
  ['undefined, functions and symbols left out', session({ u: undefined, f () {}, [Symbol('s')]: 1, ok: true })],
  ['nested toJSON (a Date)', session({ when: new Date(0) })],
  ['a member __proto__ from JSON', withProto],
  ['inherited enumerable members left out', inherited],
  ['a plain object without cookie', { a: 1 }],
  ['an object with its own toJSON', new WithToJSON()],
  ['an array', [1, { cookie: 2 }]],
  ['a boxed number', Object(3)],
  ['a string', 'text'],
  ['a Map', new Map([[1, 2]])],
  ['a BigInt member', session({ n: 10n })],
  ['a circular member', session({ loop: circular })],
  ['the session inside itself', selfNested],
  ['the session reachable only through its cookie', cookieLoop],
  // Deeper than the replacer's recursion reaches; Node 26's fast JSON path (no replacer)
  // serializes it, so a faster dataJson must not take that path for it.
  ['a 5,000-deep array member', session({ deep: Array.from({ length: 5000 }).reduce((inner) => [inner], []) })]
]

for (const [name, value] of CASES) {
  test(`dataJson of ${name} is express-session's`, () => {
    assert.deepEqual(outcome(dataJson, value), outcome(expressSessionText, value))
  })
}
