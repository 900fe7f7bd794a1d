'use strict'

// session.Cookie on its own: defaults, the maxAge/expires/originalMaxAge arithmetic on a
// fixed clock, `data`, serialize() and toJSON(), compared with express-session's Cookie.

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const h = require('./support/apps')

const Ours = h.implementations.ours.Cookie
const Theirs = h.implementations.theirs.Cookie
const NOW = Date.UTC(2030, 4, 6, 7, 8, 9)
// The deprecated `maxAge = Date` warns through depd; tests keep that off stderr.
const { quietly } = h
const FUTURE = new Date(Date.UTC(2031, 0, 2, 3, 4, 5))
const DATA_KEYS = ['originalMaxAge', 'partitioned', 'priority', 'expires', 'secure', 'httpOnly', 'domain', 'path', 'sameSite']

function valueOf (value) {
  return value instanceof Date ? { date: value.valueOf() } : value
}

// Everything a caller can observe of a cookie, in plain values.
function observe (cookie) {
  let serialized
  try {
    serialized = cookie.serialize('sid', 's:abc.def')
  } catch (err) {
    serialized = { error: err.constructor.name + ': ' + err.message }
  }
  return {
    json: JSON.stringify(cookie),
    maxAge: cookie.maxAge,
    originalMaxAge: cookie.originalMaxAge,
    expires: valueOf(cookie.expires),
    ownKeys: Object.keys(cookie),
    serialized
  }
}

describe('Cookie defaults', () => {
  for (const [title, args] of [['no argument', []], ['undefined', [undefined]], ['null', [null]], ['an empty object', [{}]]]) {
    it(`new Cookie(${title})`, () => {
      const cookie = new Ours(...args)
      assert.equal(cookie.path, '/')
      assert.equal(cookie.httpOnly, true)
      assert.equal(cookie.maxAge, null)
      assert.equal(cookie.expires, null)
      assert.equal(cookie.originalMaxAge, null)
      assert.equal(cookie.secure, undefined)
      assert.equal(JSON.stringify(cookie), '{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}')
      assert.deepEqual(observe(cookie), observe(new Theirs(...args)))
    })
  }
})

describe('Cookie maxAge, expires and originalMaxAge on a fixed clock', () => {
  it('maxAge counts down while originalMaxAge stays', (t) => {
    const clock = h.fixedClock(t, NOW)
    const cookie = new Ours({ maxAge: 1000 })
    assert.equal(cookie.expires.valueOf(), NOW + 1000)
    assert.equal(cookie.maxAge, 1000)
    assert.equal(cookie.originalMaxAge, 1000)
    clock.advance(400)
    assert.equal(cookie.maxAge, 600)
    assert.equal(cookie.originalMaxAge, 1000)
    clock.advance(1100)
    assert.equal(cookie.maxAge, -500)
  })

  it('setting maxAge moves expires and originalMaxAge', (t) => {
    const clock = h.fixedClock(t, NOW)
    const cookie = new Ours()
    clock.advance(5000)
    cookie.maxAge = 2000
    assert.equal(cookie.expires.valueOf(), NOW + 7000)
    assert.equal(cookie.originalMaxAge, 2000)
    cookie.maxAge = 0
    assert.equal(cookie.expires.valueOf(), NOW + 5000)
    assert.equal(cookie.maxAge, 0)
    assert.equal(cookie.originalMaxAge, 0)
    cookie.maxAge = null
    assert.equal(cookie.expires, null)
    assert.equal(cookie.maxAge, null)
    assert.equal(cookie.originalMaxAge, null)
  })

  it('setting expires derives maxAge and originalMaxAge', (t) => {
    h.fixedClock(t, NOW)
    const cookie = new Ours()
    cookie.expires = new Date(NOW + 2500)
    assert.equal(cookie.maxAge, 2500)
    assert.equal(cookie.originalMaxAge, 2500)
    cookie.expires = null
    assert.equal(cookie.maxAge, null)
    assert.equal(cookie.originalMaxAge, null)
  })

  it('maxAge given a Date (deprecated) becomes expires', (t) => {
    h.fixedClock(t, NOW)
    const cookie = new Ours()
    quietly(() => { cookie.maxAge = new Date(NOW + 3000) })
    assert.equal(cookie.expires.valueOf(), NOW + 3000)
    assert.equal(cookie.maxAge, 3000)
    assert.equal(cookie.originalMaxAge, 3000)
  })

  // Option objects are applied in their own key order, so which of maxAge, expires and
  // originalMaxAge comes last matters; this table pins the outcome against express-session.
  const cases = [
    ['maxAge', { maxAge: 60000 }],
    ['maxAge 0', { maxAge: 0 }],
    ['maxAge null', { maxAge: null }],
    ['expires', { expires: FUTURE }],
    ['expires then maxAge', { expires: FUTURE, maxAge: 1000 }],
    ['maxAge then expires', { maxAge: 1000, expires: FUTURE }],
    ['originalMaxAge alone', { originalMaxAge: 3000 }],
    ['originalMaxAge then maxAge', { originalMaxAge: 3000, maxAge: 1000 }],
    ['maxAge then originalMaxAge', { maxAge: 1000, originalMaxAge: 3000 }],
    ['originalMaxAge null then maxAge', { originalMaxAge: null, maxAge: 1000 }],
    ['expires as a string (as read back from JSON)', { expires: '2031-01-02T03:04:05.000Z' }],
    ['expires null', { expires: null }],
    ['maxAge as a Date', { maxAge: FUTURE }],
    ['unknown keys are kept as properties', { maxAge: 1000, custom: 'x' }],
    ['data is ignored', { data: { path: '/nope' }, path: '/yes' }]
  ]
  for (const [title, options] of cases) {
    it(`same as express-session: ${title}`, (t) => {
      const clock = h.fixedClock(t, NOW)
      const mine = quietly(() => new Ours(options))
      const theirs = quietly(() => new Theirs(options))
      assert.deepEqual(observe(mine), observe(theirs))
      clock.advance(250)
      assert.deepEqual(observe(mine), observe(theirs))
    })
  }
})

describe('Cookie data', () => {
  it('lists the nine attributes in order, as a fresh object each time', () => {
    const cookie = new Ours({ domain: 'example.test', custom: 1 })
    assert.deepEqual(Object.keys(cookie.data), DATA_KEYS)
    assert.notEqual(cookie.data, cookie.data)
    assert.equal(cookie.data.domain, 'example.test')
    assert.equal('custom' in cookie.data, false)
  })

  it('reports the stored expires, not a copy of the clock', (t) => {
    h.fixedClock(t, NOW)
    const cookie = new Ours({ maxAge: 1000 })
    assert.equal(cookie.data.expires, cookie.expires)
    assert.equal(cookie.data.originalMaxAge, 1000)
  })
})

describe('Cookie serialize', () => {
  const cases = [
    ['defaults', {}, 'sid=s%3Aabc.def; Path=/; HttpOnly'],
    ['maxAge', { maxAge: 60000 }, 'sid=s%3Aabc.def; Path=/; Expires=Mon, 06 May 2030 07:09:09 GMT; HttpOnly'],
    ['every attribute', {
      domain: 'example.test',
      path: '/p',
      expires: FUTURE,
      httpOnly: true,
      secure: true,
      partitioned: true,
      priority: 'medium',
      sameSite: 'lax'
    }, 'sid=s%3Aabc.def; Domain=example.test; Path=/p; Expires=Thu, 02 Jan 2031 03:04:05 GMT; HttpOnly; Secure; Partitioned; Priority=Medium; SameSite=Lax'],
    ['no path, no httpOnly', { path: '', httpOnly: false }, 'sid=s%3Aabc.def']
  ]
  for (const [title, options, expected] of cases) {
    it(title, (t) => {
      h.fixedClock(t, NOW)
      assert.equal(new Ours(options).serialize('sid', 's:abc.def'), expected)
      assert.equal(new Theirs(options).serialize('sid', 's:abc.def'), expected)
    })
  }

  for (const [title, name, value, message] of [
    ['an invalid name', 'bad name', 'v', 'argument name is invalid'],
    ['an invalid sameSite', 'sid', 'v', 'option sameSite is invalid']
  ]) {
    it(`throws for ${title}`, () => {
      const options = message.includes('sameSite') ? { sameSite: 'auto' } : {}
      for (const Cookie of [Ours, Theirs]) {
        assert.throws(() => new Cookie(options).serialize(name, value), { name: 'TypeError', message })
      }
    })
  }
})

// Every combination of these values, built in key order and in reverse key order.
function * optionCombinations () {
  const axes = [
    ['maxAge', [undefined, null, 0, 1000]],
    ['expires', [undefined, FUTURE, null]],
    ['domain', [undefined, 'example.test']],
    ['path', [undefined, '/p', '']],
    ['secure', [undefined, true, false, 'auto']],
    ['httpOnly', [undefined, false]],
    ['sameSite', [undefined, 'lax', true, false, 'auto']],
    ['priority', [undefined, 'high']],
    ['partitioned', [undefined, true]]
  ]
  function * build (index, entries) {
    if (index === axes.length) {
      yield Object.fromEntries(entries)
      yield Object.fromEntries([...entries].reverse())
      return
    }
    const [key, values] = axes[index]
    for (const value of values) {
      yield * build(index + 1, value === undefined ? entries : [...entries, [key, value]])
    }
  }
  yield * build(0, [])
}

describe('Cookie toJSON', () => {
  it('orders keys originalMaxAge, partitioned, priority, expires, secure, httpOnly, domain, path, sameSite', (t) => {
    h.fixedClock(t, NOW)
    const cookie = new Ours({
      sameSite: 'strict',
      path: '/p',
      domain: 'example.test',
      httpOnly: false,
      secure: true,
      maxAge: 1000,
      priority: 'low',
      partitioned: true
    })
    assert.deepEqual(Object.keys(cookie.toJSON()), DATA_KEYS)
    assert.equal(JSON.stringify(cookie),
      '{"originalMaxAge":1000,"partitioned":true,"priority":"low","expires":"2030-05-06T07:08:10.000Z",' +
      '"secure":true,"httpOnly":false,"domain":"example.test","path":"/p","sameSite":"strict"}')
  })

  it('matches express-session for every combination of options', (t) => {
    h.fixedClock(t, NOW)
    let count = 0
    for (const options of optionCombinations()) {
      const mine = JSON.stringify(observe(new Ours(options)))
      const theirs = JSON.stringify(observe(new Theirs(options)))
      if (mine !== theirs) assert.equal(mine, theirs, JSON.stringify(options))
      count++
    }
    assert.equal(count, 2 * 4 * 3 * 2 * 3 * 4 * 2 * 5 * 2 * 2)
  })
})
