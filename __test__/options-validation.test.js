'use strict'

// Configuration errors and warnings: the TypeErrors session() throws, the depd deprecations
// it emits (namespace 'express-session'), Cookie's argument errors, and cookie options that
// only fail when the cookie is written. Compared with express-session 1.19.0.

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { EventEmitter } = require('node:events')
const { spawnSync } = require('node:child_process')
const h = require('./support/apps')

const { ours, theirs } = h.implementations
const PACKAGES = {
  ours: path.resolve(__dirname, '..'),
  theirs: path.dirname(require.resolve('express-session/package.json'))
}
const VALID = { secret: 's', resave: false, saveUninitialized: false }

describe('options that session() rejects with a TypeError', () => {
  const cases = [
    ['genid is a string', { genid: 'uid' }, 'genid option must be a function'],
    ['genid is a number', { genid: 42 }, 'genid option must be a function'],
    ['genid is an object', { genid: {} }, 'genid option must be a function'],
    ['unset is unknown', { unset: 'forget' }, 'unset option must be "destroy" or "keep"'],
    ['unset is upper case', { unset: 'KEEP' }, 'unset option must be "destroy" or "keep"'],
    ['unset is true', { unset: true }, 'unset option must be "destroy" or "keep"'],
    ['secret is an empty array', { secret: [] }, 'secret option array must contain one or more strings']
  ]
  for (const [title, options, message] of cases) {
    it(title, () => {
      for (const session of [ours, theirs]) {
        assert.throws(() => session({ ...VALID, ...options }), (err) => {
          assert.equal(err.constructor, TypeError)
          assert.equal(err.message, message)
          return true
        })
      }
    })
  }

  for (const [title, options] of [
    ['genid null falls back to the default', { genid: null }],
    ['unset "keep"', { unset: 'keep' }],
    ['unset "destroy"', { unset: 'destroy' }],
    ['unset empty string', { unset: '' }]
  ]) {
    it(`accepts ${title}`, () => {
      assert.equal(typeof ours({ ...VALID, ...options }), 'function')
      assert.equal(typeof theirs({ ...VALID, ...options }), 'function')
    })
  }

  // Deliberate difference: express-session takes any truthy secret and then fails on
  // every request, when HMAC rejects it while signing the cookie. Ours keys its secrets
  // once at configuration time, so a value HMAC cannot take is reported right away.
  for (const [title, secret] of [
    ['a number', 42],
    ['an object', { key: 'value' }],
    ['true', true],
    ['an array holding a number', ['fine', 42]]
  ]) {
    it(`secret is ${title}: rejected at configuration (express-session waits for a request)`, () => {
      assert.throws(() => ours({ ...VALID, secret }), (err) => {
        assert.equal(err.constructor, TypeError)
        assert.equal(err.message, 'secret option must be a string, a Buffer, or an array of them')
        return true
      })
      assert.equal(typeof theirs({ ...VALID, secret }), 'function')
    })
  }
})

// Deliberate difference: cookie options and stores that express-session takes and then
// fails on at every request (or on the first request that needs the missing store method,
// or, for `secure`, reads by truthiness) are rejected when the middleware is created.
describe('configuration mistakes rejected at creation (express-session accepts them)', () => {
  const MAX_AGE = 'cookie.maxAge option must be a finite number of milliseconds'
  const EXPIRES = 'cookie.expires option must be a Date'
  const SAME_SITE = 'cookie.sameSite option must be true, false, "lax", "strict", "none" or "auto"'
  const PRIORITY = 'cookie.priority option must be "low", "medium" or "high"'
  const SECURE = 'cookie.secure option must be true, false or "auto"'
  const noop = () => {}
  const storeWith = (methods) => Object.assign(new EventEmitter(), methods)
  const cases = [
    ['cookie.maxAge a string', { cookie: { maxAge: 'abc' } }, MAX_AGE],
    ['cookie.maxAge a numeric string', { cookie: { maxAge: '60000' } }, MAX_AGE],
    ['cookie.maxAge NaN', { cookie: { maxAge: NaN } }, MAX_AGE],
    ['cookie.maxAge Infinity', { cookie: { maxAge: Infinity } }, MAX_AGE],
    ['cookie.maxAge an object', { cookie: { maxAge: {} } }, MAX_AGE],
    ['cookie.expires a string', { cookie: { expires: '2030-01-01' } }, EXPIRES],
    ['cookie.expires a number', { cookie: { expires: 1893456000000 } }, EXPIRES],
    ['cookie.sameSite unknown', { cookie: { sameSite: 'sometimes' } }, SAME_SITE],
    ['cookie.sameSite a number', { cookie: { sameSite: 1 } }, SAME_SITE],
    ['cookie.priority unknown', { cookie: { priority: 'urgent' } }, PRIORITY],
    ['cookie.priority a number', { cookie: { priority: 2 } }, PRIORITY],
    ['cookie.secure the string "true"', { cookie: { secure: 'true' } }, SECURE],
    ['cookie.secure a number', { cookie: { secure: 1 } }, SECURE],
    ['a store without get', { store: storeWith({ set: noop, destroy: noop }) }, 'store option must implement get, set and destroy; missing: get'],
    ['a store without set and destroy', { store: storeWith({ get: noop }) }, 'store option must implement get, set and destroy; missing: set, destroy']
  ]
  for (const [title, options, message] of cases) {
    it(title, () => {
      assert.throws(() => ours({ ...VALID, ...options }), (err) => {
        assert.equal(err.constructor, TypeError)
        assert.equal(err.message, message)
        return true
      })
      assert.equal(typeof theirs({ ...VALID, ...options }), 'function')
    })
  }

  for (const [title, cookie] of [
    ['maxAge null', { maxAge: null }],
    ['maxAge 0 and negative', { maxAge: -1 }],
    ['maxAge a Date (deprecated, as express-session)', { maxAge: new Date(Date.now() + 1000) }],
    ['expires a Date', { expires: new Date(Date.now() + 1000) }],
    ['expires null', { expires: null }],
    ['expires an Invalid Date (each response then fails, as in express-session)', { expires: new Date(NaN) }],
    ['sameSite in any case', { sameSite: 'Strict' }], ['sameSite true', { sameSite: true }],
    ['sameSite "auto"', { sameSite: 'auto' }],
    ['sameSite false', { sameSite: false }],
    ['priority in any case', { priority: 'HIGH' }],
    ['secure "auto"', { secure: 'auto' }],
    ['secure false', { secure: false }],
    ['cookie a function', () => ({ maxAge: 'checked per request, as express-session does' })]
  ]) {
    it(`accepts ${title}`, () => {
      assert.equal(typeof ours({ ...VALID, cookie }), 'function')
    })
  }

  it('a store that is a string: a TypeError naming the missing methods (express-session: "Cannot create property")', () => {
    assert.throws(() => ours({ ...VALID, store: 'redis' }),
      { name: 'TypeError', message: 'store option must implement get, set and destroy; missing: get, set, destroy' })
  })

  it('accepts a store with get, set and destroy, and the Store base class plus them', () => {
    const store = new ours.Store()
    Object.assign(store, { get: noop, set: noop, destroy: noop })
    assert.equal(typeof ours({ ...VALID, store }), 'function')
  })
})

// Runs `lines` (line 1 is the prelude) in a fresh `node -e` with the package path as its
// argument, so both packages run byte-identical scripts and get identical call sites.
function runScript (pkg, lines, { listen = false, flags = [] } = {}) {
  const prelude = listen
    ? "const seen = []; process.on('deprecation', (e) => seen.push({ namespace: e.namespace, name: e.name, message: e.message })); process.on('exit', () => process.stdout.write(JSON.stringify(seen)))"
    : ''
  const env = { ...process.env }
  delete env.NODE_TEST_CONTEXT
  delete env.NODE_OPTIONS
  const result = spawnSync(process.execPath, [...flags, '-e', [prelude, ...lines].join('\n'), PACKAGES[pkg]], {
    encoding: 'utf8',
    env,
    timeout: 10000
  })
  assert.equal(result.status, 0, result.stderr)
  return { stdout: result.stdout, stderr: result.stderr }
}

function deprecationsOf (pkg, lines) {
  return JSON.parse(runScript(pkg, lines, { listen: true }).stdout)
}

// depd's plain (non-TTY) stderr lines, without their leading timestamp.
function stderrLinesOf (pkg, lines, flags) {
  const { stderr } = runScript(pkg, lines, { flags })
  return stderr.split('\n').filter(Boolean).map((line) => {
    const match = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT (.*)$/.exec(line)
    assert.ok(match, `unexpected stderr line: ${line}`)
    return match[1]
  })
}

const RESAVE = 'undefined resave option; provide resave option'
const SAVE_UNINITIALIZED = 'undefined saveUninitialized option; provide saveUninitialized option'
const REQ_SECRET = 'req.secret; provide secret option'
const MAX_AGE_DATE = 'maxAge as Date; pass number of milliseconds instead'

function warning (message) {
  return { namespace: 'express-session', name: 'DeprecationError', message }
}

describe('deprecations (child processes)', () => {
  const REQUIRE = 'const session = require(process.argv[1])'
  const cases = [
    ['resave missing', ["session({ secret: 's', saveUninitialized: false })"], [RESAVE]],
    ['saveUninitialized missing', ["session({ secret: 's', resave: false })"], [SAVE_UNINITIALIZED]],
    ['secret missing', ['session({ resave: false, saveUninitialized: false })'], [REQ_SECRET]],
    ['all three missing, in order', ['session({})'], [RESAVE, SAVE_UNINITIALIZED, REQ_SECRET]],
    ['none missing', ["session({ secret: 's', resave: true, saveUninitialized: true })"], []],
    ['Cookie maxAge given a Date', ['new session.Cookie().maxAge = new Date(0)'], [MAX_AGE_DATE]]
  ]
  for (const [title, lines, messages] of cases) {
    it(title, () => {
      const mine = deprecationsOf('ours', [REQUIRE, ...lines])
      assert.deepEqual(mine, messages.map(warning))
      assert.deepEqual(deprecationsOf('theirs', [REQUIRE, ...lines]), mine)
    })
  }

  it('prints the same stderr lines, call site included', () => {
    const lines = [REQUIRE, 'session({})', 'new session.Cookie().maxAge = new Date(0)']
    const expected = [
      `express-session deprecated ${RESAVE} at [eval]:3:1`,
      `express-session deprecated ${SAVE_UNINITIALIZED} at [eval]:3:1`,
      `express-session deprecated ${REQ_SECRET} at [eval]:3:1`,
      `express-session deprecated ${MAX_AGE_DATE} at [eval]:4:29`
    ]
    assert.deepEqual(stderrLinesOf('theirs', lines), expected)
    assert.deepEqual(stderrLinesOf('ours', lines), expected)
  })

  it('warns once per call site of session()', () => {
    const lines = [REQUIRE, 'session({ secret: "s" })', 'for (let i = 0; i < 3; i++) session({ secret: "s" })']
    const expected = [RESAVE, SAVE_UNINITIALIZED, RESAVE, SAVE_UNINITIALIZED].map(warning)
    assert.deepEqual(deprecationsOf('theirs', lines), expected)
    assert.deepEqual(deprecationsOf('ours', lines), expected)
  })

  it('prints nothing under --no-deprecation', () => {
    const lines = [REQUIRE, 'session({})']
    assert.deepEqual(stderrLinesOf('ours', lines, ['--no-deprecation']), [])
    assert.deepEqual(stderrLinesOf('theirs', lines, ['--no-deprecation']), [])
  })
})

describe('Cookie argument errors', () => {
  for (const [title, options] of [['a string', 'x'], ['a number', 42], ['true', true]]) {
    it(`new Cookie(${title}) throws`, () => {
      for (const Cookie of [ours.Cookie, theirs.Cookie]) {
        assert.throws(() => new Cookie(options), { name: 'TypeError', message: 'argument options must be a object' })
      }
    })
  }

  for (const [title, value] of [['a string', 'x'], ['an object', {}], ['true', true]]) {
    it(`cookie.maxAge = ${title} throws`, () => {
      for (const Cookie of [ours.Cookie, theirs.Cookie]) {
        const cookie = new Cookie()
        assert.throws(() => { cookie.maxAge = value }, { name: 'TypeError', message: 'maxAge must be a number or Date' })
      }
    })
  }
})

for (const [label, express] of h.frameworks) {
  describe(`cookie options that fail when the cookie is written (${label})`, () => {
    const cases = [
      ['domain with a space', { domain: 'bad domain' }, 'option domain is invalid'],
      ['path with a semicolon', { path: '/a;b' }, 'option path is invalid']
    ]
    for (const [title, cookie, message] of cases) {
      it(`${title} → next(err)`, async () => {
        const seen = []
        for (const session of [ours, theirs]) {
          const app = h.createApp(express, { session, options: { ...VALID, saveUninitialized: true, cookie } })
          const res = await h.request(app).get(cookie.path || '/')
          const err = await app.nextError()
          seen.push({ status: res.status, cookies: h.setCookies(res), error: err.constructor.name, message: err.message })
        }
        assert.deepEqual(seen[0], { status: 200, cookies: [], error: 'TypeError', message })
        assert.deepEqual(seen[1], seen[0])
      })
    }
  })
}
