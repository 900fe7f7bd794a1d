'use strict'

// End to end against express-session 1.19.0 itself: a session cookie written by one
// package is read by the other (both backed by one shared store), and both write the same
// Set-Cookie headers for the same session ID and options.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { once } = require('node:events')
const express = require('express')
const request = require('supertest')
const signature = require('cookie-signature')
const upstream = require('express-session')
const ours = require('../index.js')
const { createRandom } = require('./support/random')

const SECRETS = ['current secret', Buffer.from('previous secret')]
const PACKAGES = { upstream, ours }

// One session table behind stores of both packages, as two deployments share Redis. Each
// app gets its own store object: every middleware installs its own `generate` on its store.
function sharedStores () {
  const table = new Map()
  const methods = {
    get (sid, callback) {
      const json = table.get(sid)
      setImmediate(callback, null, json === undefined ? undefined : JSON.parse(json))
    },
    set (sid, session, callback) {
      table.set(sid, JSON.stringify(session))
      setImmediate(callback)
    },
    destroy (sid, callback) {
      table.delete(sid)
      setImmediate(callback)
    }
  }
  class UpstreamStore extends upstream.Store {}
  class OurStore extends ours.Store {}
  Object.assign(UpstreamStore.prototype, methods)
  Object.assign(OurStore.prototype, methods)
  return {
    table,
    upstream: () => new UpstreamStore(),
    ours: () => new OurStore()
  }
}

async function serve (t, session, options, appSettings = {}) {
  const app = express()
  if (appSettings.trustProxy) app.set('trust proxy', true)
  app.use(session({ resave: false, saveUninitialized: false, ...options }))
  app.get('/app/visit', (req, res) => {
    req.session.visits = (req.session.visits || 0) + 1
    res.json({ id: req.sessionID, visits: req.session.visits })
  })
  app.get('/app/peek', (req, res) => {
    res.json({ id: req.sessionID, visits: req.session.visits })
  })
  app.use((err, req, res, next) => {
    if (appSettings.errors) appSettings.errors.push(`${err.constructor.name}: ${err.message}`)
    if (res.headersSent) return
    res.status(500).end()
  })
  const server = http.createServer(app).listen(0, '127.0.0.1')
  t.after(() => {
    server.closeAllConnections()
    server.close()
  })
  await once(server, 'listening')
  return server
}

// Expects a 200 response unless `anyStatus` is set.
function get (server, path, { cookie, https, anyStatus } = {}) {
  const req = request(server).get(path)
  if (cookie !== undefined) req.set('Cookie', cookie)
  if (https) req.set('X-Forwarded-Proto', 'https')
  return anyStatus ? req : req.expect(200)
}

function setCookies (res) {
  return res.headers['set-cookie'] || []
}

// The `name=value` pair of the one Set-Cookie header, as a browser sends it back.
function cookiePair (res) {
  const headers = setCookies(res)
  assert.equal(headers.length, 1, `one Set-Cookie expected, got ${JSON.stringify(headers)}`)
  return headers[0].slice(0, headers[0].indexOf(';'))
}

for (const [writer, reader] of [['upstream', 'ours'], ['ours', 'upstream']]) {
  test(`a session written by ${writer} is read by ${reader} and back`, async (t) => {
    const stores = sharedStores()
    const writing = await serve(t, PACKAGES[writer], { secret: SECRETS, store: stores[writer]() })
    const reading = await serve(t, PACKAGES[reader], { secret: SECRETS, store: stores[reader]() })

    const first = await get(writing, '/app/visit')
    const cookie = cookiePair(first)
    assert.equal(cookie, `connect.sid=s%3A${encodeURIComponent(signature.sign(first.body.id, SECRETS[0]))}`)
    assert.ok(stores.table.has(first.body.id))

    const second = await get(reading, '/app/visit', { cookie })
    assert.deepEqual(second.body, { id: first.body.id, visits: 2 })
    assert.deepEqual(setCookies(second), [], 'an unchanged cookie is not sent again')

    const third = await get(writing, '/app/visit', { cookie })
    assert.deepEqual(third.body, { id: first.body.id, visits: 3 })
  })
}

test('rotation works across the packages: old cookies verify, the first secret signs', async (t) => {
  const stores = sharedStores()
  const before = await serve(t, upstream, { secret: 'old', store: stores.upstream() })
  const after = await serve(t, ours, { secret: ['new', 'old'], store: stores.ours(), rolling: true })
  const upstreamAfter = await serve(t, upstream, { secret: ['new', 'old'], store: stores.upstream() })
  const upstreamNewOnly = await serve(t, upstream, { secret: 'new', store: stores.upstream() })
  const oursOldOnly = await serve(t, ours, { secret: 'old', store: stores.ours() })

  const first = await get(before, '/app/visit')
  const oldCookie = cookiePair(first)
  const id = first.body.id

  const rotated = await get(after, '/app/visit', { cookie: oldCookie })
  assert.deepEqual(rotated.body, { id, visits: 2 })
  const newCookie = cookiePair(rotated)
  assert.equal(newCookie, `connect.sid=s%3A${encodeURIComponent(signature.sign(id, 'new'))}`)

  assert.deepEqual((await get(upstreamAfter, '/app/peek', { cookie: newCookie })).body, { id, visits: 2 })
  assert.deepEqual((await get(upstreamNewOnly, '/app/peek', { cookie: newCookie })).body, { id, visits: 2 })
  const refused = await get(oursOldOnly, '/app/peek', { cookie: newCookie })
  assert.notEqual(refused.body.id, id)
  assert.equal(refused.body.visits, undefined)
})

test('both refuse and accept the same tampered, unsigned and odd cookies', async (t) => {
  const stores = sharedStores()
  const fixedId = 'victim-session-id'
  const writer = await serve(t, upstream, { secret: SECRETS, store: stores.upstream(), genid: () => fixedId })
  const readers = {
    upstream: await serve(t, upstream, { secret: SECRETS, store: stores.upstream() }),
    ours: await serve(t, ours, { secret: SECRETS, store: stores.ours() })
  }
  await get(writer, '/app/visit')

  const signed = signature.sign(fixedId, SECRETS[0])
  const encoded = encodeURIComponent('s:' + signed)
  const flipped = encodeURIComponent('s:' + signed.slice(0, -1) + (signed.endsWith('A') ? 'B' : 'A'))
  const cases = {
    valid: [`connect.sid=${encoded}`, true],
    'signed with the second secret': [`connect.sid=${encodeURIComponent('s:' + signature.sign(fixedId, SECRETS[1]))}`, true],
    'not percent-encoded': [`connect.sid=s:${signed}`, true],
    quoted: [`connect.sid="${encoded}"`, true],
    'padded with spaces and tabs': [`other=1 ;\t connect.sid \t=  ${encoded} ; x=y`, true],
    'valid first, invalid second': [`connect.sid=${encoded}; connect.sid=${flipped}`, true],
    'invalid first, valid second': [`connect.sid=${flipped}; connect.sid=${encoded}`, false],
    'flipped signature character': [`connect.sid=${flipped}`, false],
    'signed with an unknown secret': [`connect.sid=${encodeURIComponent('s:' + signature.sign(fixedId, 'unknown'))}`, false],
    'no signature': [`connect.sid=${encodeURIComponent('s:' + fixedId)}`, false],
    'no s: prefix': [`connect.sid=${encodeURIComponent(signed)}`, false],
    'the bare id': [`connect.sid=${fixedId}`, false],
    'another cookie name': [`Connect.sid=${encoded}`, false],
    'truncated signature': [`connect.sid=${encoded.slice(0, -2)}`, false],
    'extended signature': [`connect.sid=${encoded}A`, false],
    'broken percent-encoding': [`connect.sid=${encoded}%`, false],
    empty: ['connect.sid=', false]
  }
  for (const [label, [cookie, loads]] of Object.entries(cases)) {
    for (const [name, server] of Object.entries(readers)) {
      const res = await get(server, '/app/peek', { cookie })
      assert.equal(res.body.id === fixedId, loads, `${name} ${label}: ${cookie}`)
      assert.equal(res.body.visits, loads ? 1 : undefined, `${name} ${label}`)
    }
  }
})

test('session IDs of any characters cross between the packages', async (t) => {
  const random = createRandom('express-session-ids')
  const stores = sharedStores()
  let nextId
  const genid = () => nextId
  const writers = {
    upstream: await serve(t, upstream, { secret: SECRETS, store: stores.upstream(), genid }),
    ours: await serve(t, ours, { secret: SECRETS, store: stores.ours(), genid })
  }
  const readers = {
    upstream: await serve(t, upstream, { secret: SECRETS, store: stores.upstream() }),
    ours: await serve(t, ours, { secret: SECRETS, store: stores.ours() })
  }

  for (let i = 0; i < 60; i++) {
    const base = random.mixed(['alnum', 'token', 'cookieSyntax', 'base64', 'control', 'latin1', 'unicode', 'astral'], 24)
    const written = {}
    for (const writer of ['upstream', 'ours']) {
      nextId = `${i}-${base}`
      const res = await get(writers[writer], '/app/visit')
      assert.equal(res.body.id, nextId, random.where(i))
      written[writer] = setCookies(res)
      const reader = writer === 'upstream' ? 'ours' : 'upstream'
      const read = await get(readers[reader], '/app/peek', { cookie: cookiePair(res) })
      assert.deepEqual(read.body, { id: nextId, visits: 1 }, `${reader} reads ${JSON.stringify(nextId)} ${random.where(i)}`)
    }
    assert.deepEqual(written.ours, written.upstream, random.where(i))
  }
})

const FIXED_NOW = Date.UTC(2030, 4, 6, 7, 8, 9, 456)
const EVERY_ATTRIBUTE = {
  maxAge: 86400000,
  domain: 'example.com',
  path: '/app',
  httpOnly: true,
  secure: true,
  partitioned: true,
  priority: 'High',
  sameSite: 'strict'
}

// [label, middleware options, { https: sends X-Forwarded-Proto: https, trustProxy: app setting }]
const COOKIE_VARIANTS = [
  ['defaults', {}],
  ['maxAge', { cookie: { maxAge: 60000 } }],
  ['fractional maxAge', { cookie: { maxAge: 1500.7 } }],
  ['zero maxAge', { cookie: { maxAge: 0 } }],
  ['maxAge past year 9999', { cookie: { maxAge: 3e14 } }],
  ['expires', { cookie: { expires: new Date(FIXED_NOW + 3600e3) } }],
  ['name, path, domain, no httpOnly', { name: 'app.sid', cookie: { path: '/app', domain: 'example.com', httpOnly: false } }],
  ['secure behind a trusted proxy', { proxy: true, cookie: { domain: '.Sub.Example.com', secure: true } }, { https: true }],
  ['secure over plain http', { cookie: { secure: true } }],
  ['secure, proxy not trusted', { proxy: false, cookie: { secure: true } }, { https: true }],
  ['secure, app trusts the proxy', { cookie: { secure: true } }, { https: true, trustProxy: true }],
  ['auto over https', { proxy: true, cookie: { secure: 'auto', sameSite: 'auto' } }, { https: true }],
  ['auto over http', { proxy: true, cookie: { secure: 'auto', sameSite: 'auto' } }],
  ['partitioned', { proxy: true, cookie: { partitioned: true, secure: true, sameSite: 'none' } }, { https: true }],
  ['priority low', { cookie: { priority: 'low' } }],
  ['priority Medium', { cookie: { priority: 'Medium' } }],
  ['priority HIGH', { cookie: { priority: 'HIGH' } }],
  ['sameSite true', { cookie: { sameSite: true } }],
  ['sameSite false', { cookie: { sameSite: false } }],
  ['sameSite lax', { cookie: { sameSite: 'lax' } }],
  ['sameSite Strict', { cookie: { sameSite: 'Strict' } }],
  ['sameSite none', { cookie: { sameSite: 'none' } }],
  ['every attribute', { name: 'sid', proxy: true, cookie: EVERY_ATTRIBUTE }, { https: true }],
  ['rolling', { rolling: true, cookie: { maxAge: 60000 } }],
  // Invalid priority and sameSite values are rejected at creation: options-validation.test.js.
  ['invalid domain', { cookie: { domain: 'bad domain' } }]
]

// With the clock stopped, Expires is the same in both; the second request sends the cookie
// back, where `rolling` and expiry decide whether it is sent again.
test('both write the same Set-Cookie headers for the same session ID and options', async (t) => {
  t.mock.method(Date, 'now', () => FIXED_NOW)
  for (const [label, options, settings = {}] of COOKIE_VARIANTS) {
    const results = {}
    for (const [name, session] of Object.entries(PACKAGES)) {
      const errors = []
      const server = await serve(t, session, { secret: SECRETS, genid: () => 'fixed-session-id', ...options },
        { ...settings, errors })
      const first = await get(server, '/app/visit', { https: settings.https, anyStatus: true })
      const sent = setCookies(first)
      const second = sent.length === 0
        ? undefined
        : await get(server, '/app/visit', { https: settings.https, cookie: cookiePair(first), anyStatus: true })
      results[name] = {
        first: { status: first.status, body: first.body, setCookie: sent },
        second: second && { status: second.status, body: second.body, setCookie: setCookies(second) },
        errors
      }
    }
    assert.deepEqual(results.ours, results.upstream, label)
  }
})
