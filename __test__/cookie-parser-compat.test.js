'use strict'

// Back-compatibility with cookie-parser running before the session: the session ID is taken
// from req.signedCookies or req.cookies when the Cookie header does not carry it (with a
// deprecation), and req.secret stands in for a missing `secret` option.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFile } = require('node:child_process')
const cookieParser = require('cookie-parser')
const signature = require('cookie-signature')
const { frameworks, createApp, signedValue } = require('./support/apps')
const { createUser, request } = require('./support/http-client')
const { sideBySide, serve } = require('./support/http')

const SECRET = 'keyboard cat'
const OPTIONS = { secret: SECRET, resave: false, saveUninitialized: false }
const SID = 'stored-session-id'
const ROOT = path.join(__dirname, '..')

// Middleware standing in for cookie-parser: sets what it would have parsed.
function parsedCookies ({ signedCookies, cookies }) {
  return function fakeCookieParser (req, res, next) {
    if (signedCookies) req.signedCookies = signedCookies
    if (cookies) req.cookies = cookies
    next()
  }
}

// One request with `cookieHeader` (if any) after `parsed`; the store holds { user: 'ann' }
// under SID. Resolves with the ID the handler saw and whether that session was loaded.
async function readBy (express, session, parsed, cookieHeader) {
  const store = new session.MemoryStore()
  store.set(SID, { cookie: { originalMaxAge: null, httpOnly: true, path: '/' }, user: 'ann' })
  const app = createApp(express, {
    session,
    options: { ...OPTIONS, store },
    before: [parsedCookies(parsed)],
    handler: (req, res) => res.json({ sameId: req.sessionID === SID, user: req.session.user || null })
  })
  const res = await serve(app, (origin) => request(origin, 'GET', '/', { cookie: cookieHeader }))
  return res.json
}

const LOADED = { sameId: true, user: 'ann' }
const NEW = { sameId: false, user: null }

const CASES = [
  ['req.signedCookies', { signedCookies: { 'connect.sid': SID } }, undefined, LOADED],
  ['a signed value in req.cookies', { cookies: { 'connect.sid': 's:' + signature.sign(SID, SECRET) } }, undefined, LOADED],
  ['a value signed with another secret in req.cookies', { cookies: { 'connect.sid': 's:' + signature.sign(SID, 'other') } }, undefined, NEW],
  ['an unsigned value in req.cookies', { cookies: { 'connect.sid': SID } }, undefined, NEW],
  ['req.signedCookies under another name', { signedCookies: { other: SID } }, undefined, NEW],
  ['the Cookie header before req.signedCookies', { signedCookies: { 'connect.sid': 'unknown' } }, `connect.sid=${signedValue(SID, SECRET)}`, LOADED],
  ['req.signedCookies when the header is badly signed', { signedCookies: { 'connect.sid': SID } }, `connect.sid=${signedValue(SID, 'other')}`, LOADED],
  ['req.cookies when the header has no session cookie', { cookies: { 'connect.sid': 's:' + signature.sign(SID, SECRET) } }, 'unrelated=1', LOADED]
]

for (const [label, express] of frameworks) {
  describe(`cookie-parser back-compat on ${label}`, () => {
    for (const [source, parsed, cookieHeader, expected] of CASES) {
      test(`the session ID from ${source}`, async () => {
        const results = await sideBySide((session) => readBy(express, session, parsed, cookieHeader))
        assert.deepEqual(results.ours, results.theirs)
        assert.deepEqual(results.ours, expected)
      })
    }

    test('req.secret from cookie-parser signs and verifies when the secret option is missing', async () => {
      const results = await sideBySide(async (session) => {
        const app = createApp(express, {
          session,
          options: { resave: false, saveUninitialized: false },
          before: [cookieParser('parser secret')],
          handler (req, res) {
            req.session.views = (req.session.views || 0) + 1
            res.json(req.session.views)
          }
        })
        return serve(app, async (origin) => {
          const user = createUser(origin)
          const first = await user.get('/')
          const value = decodeURIComponent(user.cookie.split('=')[1])
          const second = await user.get('/')
          return {
            views: [first.json, second.json],
            signedWithParserSecret: signature.unsign(value.slice(2), 'parser secret') !== false
          }
        })
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { views: [1, 2], signedWithParserSecret: true })
    })

    test('without a secret option nor req.secret, the request fails', async () => {
      const results = await sideBySide(async (session) => {
        const app = createApp(express, { session, options: { resave: false, saveUninitialized: false } })
        const res = await serve(app, (origin) => request(origin, 'GET', '/'))
        return { status: res.status, text: res.text }
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { status: 500, text: 'secret option required for sessions' })
    })
  })
}

// depd reports a deprecation once per call site and process, so each session module and
// framework runs in a fresh process. The child sends one request per source of the session
// ID (each reaches a different deprecation, if any) and prints, per source, the deprecation
// messages seen and the body (the loaded session's `n`).
const PROBE = `
const http = require('node:http')
const signature = require(${JSON.stringify(require.resolve('cookie-signature'))})
const [sessionModule, expressModule, ...sources] = process.argv.slice(1)
const session = require(sessionModule)
const express = require(expressModule)
let messages = []
process.on('deprecation', (err) => messages.push(err.namespace + ': ' + err.message))
const signed = 's:' + signature.sign('sid', 'secret')

function run (source) {
  const store = new session.MemoryStore()
  store.set('sid', { cookie: { path: '/' }, n: 1 })
  const app = express()
  app.use((req, res, next) => {
    if (source === 'signedCookies') req.signedCookies = { 'connect.sid': 'sid' }
    if (source === 'cookies') req.cookies = { 'connect.sid': signed }
    if (source === 'reqSecret') req.secret = 'secret'
    next()
  })
  const options = { resave: false, saveUninitialized: false, store }
  if (source !== 'reqSecret') options.secret = 'secret'
  app.use(session(options))
  app.use((req, res) => res.end(String(req.session.n)))
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const headers = source === 'header' ? { cookie: 'connect.sid=' + encodeURIComponent(signed) } : {}
      http.get({ host: '127.0.0.1', port: server.address().port, headers, agent: false }, (res) => {
        let body = ''
        res.on('data', (c) => { body += c })
        res.on('end', () => server.close(() => resolve(body)))
      })
    })
  })
}

(async () => {
  const results = {}
  for (const source of sources) {
    messages = []
    const body = await run(source)
    results[source] = { messages, body }
  }
  console.log(JSON.stringify(results))
})()
setTimeout(() => process.exit(2), 4000).unref()
`

function probe (sessionModule, expressModule, sources) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', PROBE, sessionModule, expressModule, ...sources], { cwd: ROOT, timeout: 5000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`probe failed: ${err.message}\n${stderr}`))
      else resolve(JSON.parse(stdout))
    })
  })
}

describe('cookie-parser back-compat deprecations', () => {
  const MODULES = { theirs: require.resolve('express-session'), ours: ROOT }
  const EXPRESS = { 'express 4': require.resolve('express'), 'express 5': require.resolve('express5') }
  const READ_FROM_PARSER = ['express-session: cookie should be available in req.headers.cookie']
  const EXPECTED = {
    header: { messages: [], body: '1' },
    signedCookies: { messages: READ_FROM_PARSER, body: '1' },
    cookies: { messages: READ_FROM_PARSER, body: '1' },
    reqSecret: { messages: ['express-session: req.secret; provide secret option'], body: 'undefined' }
  }

  for (const [label, expressModule] of Object.entries(EXPRESS)) {
    test(`the deprecations reported on ${label}`, async () => {
      const sources = Object.keys(EXPECTED)
      const [theirs, ours] = await Promise.all([
        probe(MODULES.theirs, expressModule, sources),
        probe(MODULES.ours, expressModule, sources)
      ])
      assert.deepEqual(ours, theirs)
      assert.deepEqual(ours, EXPECTED)
    })
  }
})
