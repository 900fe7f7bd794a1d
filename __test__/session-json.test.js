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

// sessionJson joins the cookie's JSON and dataJson into the text JSON.stringify(session) makes
// (what RedisStore stores), reusing the text of the last expiry it wrote: it must be that text,
// or that error, in every case.
const { sessionJson, cookieJson } = require('../lib/session-json')

// A session as the middleware makes one: its cookie first, then its data.
function withCookie (options, edit) {
  const s = new Session({ sessionID: 'id' })
  s.cookie = new Cookie(options)
  s.views = 1
  if (edit) edit(s.cookie)
  return s
}

class LaterDate extends Date {}
const sharedFields = { originalMaxAge: 1, expires: new Date(5) }

const COOKIE_CASES = [
  ['no expires', withCookie({})],
  ['a maxAge', withCookie({ maxAge: 60000, domain: 'example.com', sameSite: 'strict', secure: true, priority: 'high', partitioned: true })],
  ['expires null', withCookie({ expires: null })],
  ['an Invalid Date', withCookie({}, (c) => { c.expires = new Date(NaN) })],
  ['a date past year 9999', withCookie({}, (c) => { c.expires = new Date(8.64e15) })],
  ['a date before year 0', withCookie({}, (c) => { c.expires = new Date(-7e13) })],
  ['a Date subclass', withCookie({}, (c) => { c.expires = new LaterDate(1e12) })],
  ['a date with its own toJSON', withCookie({}, (c) => { c.expires = Object.assign(new Date(1e12), { toJSON: () => 'mine' }) })],
  ['a date with its own toISOString', withCookie({}, (c) => { c.expires = Object.assign(new Date(1e12), { toISOString: () => 'iso' }) })],
  ['expires as a string', withCookie({}, (c) => { c._expires = '2030-01-01T00:00:00.000Z' })],
  ['an object-valued domain', withCookie({ maxAge: 1000 }, (c) => { c.domain = { toJSON: () => 'example.org' } })],
  ['a cookie whose data is an array', withCookie({}, (c) => Object.defineProperty(c, 'data', { value: [1, new Date(3)] }))],
  ['a cookie whose data is shared', withCookie({}, (c) => Object.defineProperty(c, 'data', { get: () => sharedFields }))],
  ['a cookie whose data has toJSON', withCookie({}, (c) => Object.defineProperty(c, 'data', { value: { expires: new Date(9), toJSON: () => 'whole' } }))],
  ['a cookie whose data inherits its expiry', withCookie({}, (c) => Object.defineProperty(c, 'data', { get: () => Object.create({ expires: new Date(9) }) }))],
  ['a cookie whose data is a boxed string', withCookie({}, (c) => Object.defineProperty(c, 'data', { value: Object('text') }))],
  ['a Date subclass with its own valueOf', withCookie({}, (c) => { c.expires = new (class extends Date { valueOf () { return NaN } })(1e12) })],
  ['a Date subclass with its own getTime', withCookie({}, (c) => { c.expires = new (class extends Date { getTime () { return 0 } })(1e12) })],
  ['a date with its own Symbol.toPrimitive', withCookie({}, (c) => { c.expires = Object.defineProperty(new Date(1e12), Symbol.toPrimitive, { value: () => Infinity }) })],
  ['a date with its own valueOf', withCookie({}, (c) => { c.expires = Object.assign(new Date(1e12), { valueOf: () => 5 }) })],
  ['a cookie whose data is null', withCookie({}, (c) => Object.defineProperty(c, 'data', { value: null }))],
  ['a plain cookie object', Object.assign(session({ a: 1 }), { cookie: { expires: new Date(7) } })],
  ['a cookie not first', session({ a: 1 })]
]

for (const [name, value] of [...CASES, ...COOKIE_CASES]) {
  test(`sessionJson of ${name} is JSON.stringify's`, () => {
    const data = outcome(dataJson, value)
    if (data.error) return
    assert.deepEqual(outcome((v) => sessionJson(v, data.text), value), outcome(JSON.stringify, value))
    assert.deepEqual(outcome((v) => sessionJson(v, undefined), value), outcome(JSON.stringify, value))
  })
}

test('cookieJson gives each cookie its own expiry, whatever came before', () => {
  const dates = [0, 1, 1, 1e12, 1e12 + 1, 1e12, -1, 8.64e15, -8.64e15, 1]
  for (const ms of dates) {
    const cookie = new Cookie({ maxAge: 1000 })
    cookie.expires = new Date(ms)
    assert.equal(cookieJson(cookie), JSON.stringify(cookie), `expiry ${ms}`)
  }
  // A date that lies about its time does not leave its text to genuine dates of that time.
  const liar = new Cookie({})
  liar.expires = new (class extends Date { getTime () { return 0 } })(1e12)
  assert.equal(cookieJson(liar), JSON.stringify(liar))
  const epoch = new Cookie({})
  epoch.expires = new Date(0)
  assert.equal(cookieJson(epoch), JSON.stringify(epoch))
  // The same instant again, after the Date object the text was made from was moved.
  const moved = new Cookie({})
  moved.expires = new Date(2e12)
  assert.equal(cookieJson(moved), JSON.stringify(moved))
  moved.expires.setTime(3e12)
  assert.equal(cookieJson(moved), JSON.stringify(moved))
})
