'use strict'

// Hostile input, as a table: every row is one request (or one configuration) that a client,
// a buggy genid, unserializable session data, an odd secret or a careless handler can
// produce. Each row states its expected outcome and runs on Express 4 with express-session
// 1.19.0 and with express-session-rs side by side; where express-session defines a result
// the two must agree, where it does not (it hangs, or fails per request) the row says so and
// only our outcome is held to the expectation.
//
// Every outcome is one of: a fresh session, a session loaded with a valid signature, an
// error handed to `next` (the app's error handler answers 500), an HTTP-level rejection by
// Node itself, or a TypeError at configuration time. Never a crash, never a hang (each
// request has a client timeout), and never a seeded session loaded without its signature
// (the store is checked after every request).
//
// Requests go over a raw socket so that arbitrary bytes (invalid UTF-8, 8 KB headers, 1,000
// cookies) reach the server exactly as written.

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const crypto = require('node:crypto')
const express = require('express')
const signature = require('cookie-signature')
const original = require('express-session')
const ours = require('..')

const IMPLS = [['express-session', original], ['express-session-rs', ours]]
const SECRET = 'keyboard cat'
const OLD_SECRET = 'retired secret'
const NAME = 'connect.sid'
const REQUEST_TIMEOUT_MS = 1000
const HANG = 'hang'

// Sessions already in the store before each request; a row that loads one sees views 42.
const KNOWN = 'k7B-Jq2b0mJ7lXGfPq3Qz9A1cD4eF5gH'
const SEEDED = [KNOWN, 'a.b.c', 'a%b', 'a%zzb', 'x%41y', 'ünï']
const SEEDED_VIEWS = 41

// ---------------------------------------------------------------------------------------
// Raw HTTP client

function rawRequest (port, headerLines) {
  return new Promise((resolve) => {
    const parts = [Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n', 'latin1')]
    for (const line of headerLines) {
      parts.push(Buffer.isBuffer(line) ? line : Buffer.from(line, 'latin1'), Buffer.from('\r\n'))
    }
    parts.push(Buffer.from('\r\n'))
    const socket = net.connect(port, '127.0.0.1')
    const chunks = []
    let settled = false
    const finish = (outcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    // The socket is never half-closed by us, so a response that never ends is a timeout.
    const timer = setTimeout(() => finish({ kind: HANG }), REQUEST_TIMEOUT_MS)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', (err) => finish({ kind: 'socket-error', code: err.code }))
    socket.on('end', () => finish(parseResponse(Buffer.concat(chunks))))
    socket.write(Buffer.concat(parts))
  })
}

function parseResponse (buf) {
  const head = buf.indexOf('\r\n\r\n')
  if (head === -1) return { kind: 'no-response', bytes: buf.length }
  const [statusLine, ...lines] = buf.subarray(0, head).toString('latin1').split('\r\n')
  const headers = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const key = line.slice(0, colon).toLowerCase()
    ;(headers[key] = headers[key] || []).push(line.slice(colon + 1).trim())
  }
  let body = buf.subarray(head + 4)
  if ((headers['transfer-encoding'] || []).includes('chunked')) {
    const pieces = []
    let rest = body
    for (;;) {
      const eol = rest.indexOf('\r\n')
      const size = parseInt(rest.subarray(0, eol).toString('latin1'), 16)
      if (!(size > 0)) break
      pieces.push(rest.subarray(eol + 2, eol + 2 + size))
      rest = rest.subarray(eol + 4 + size)
    }
    body = Buffer.concat(pieces)
  }
  return { kind: 'response', status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') }
}

// ---------------------------------------------------------------------------------------
// Cookie builders

const signed = (id, secret = SECRET) => 's:' + signature.sign(id, secret)
const cookieFor = (id, secret) => `${NAME}=${encodeURIComponent(signed(id, secret))}`
const sigOf = (id, secret = SECRET) => signature.sign(id, secret).slice(id.length + 1)
const bytes = (...parts) => Buffer.concat(parts.map((p) => Buffer.isBuffer(p) ? p : Buffer.from(p, 'latin1')))

function manyCookies (count, prefix = 'c') {
  const out = []
  for (let i = 0; i < count; i++) out.push(`${prefix}${i}=v${i}`)
  return out.join('; ')
}

// ---------------------------------------------------------------------------------------
// Running a row

function countViews (req, res) {
  req.session.views = (req.session.views || 0) + 1
  res.json({ id: req.sessionID, views: req.session.views })
}

function seed (store) {
  return Promise.all(SEEDED.map((id) => new Promise((resolve, reject) => {
    const cookie = { originalMaxAge: null, expires: null, httpOnly: true, path: '/' }
    store.set(id, { cookie, views: SEEDED_VIEWS }, (err) => err ? reject(err) : resolve())
  })))
}

function storeSnapshot (store) {
  return new Promise((resolve) => {
    store.all((err, all) => {
      if (err) return resolve({ error: err.message })
      const sessions = Array.isArray(all) ? all : Object.values(all || {})
      const ids = Array.isArray(all) ? all.map((s) => s.id) : Object.keys(all || {})
      const out = { count: ids.length }
      for (const id of SEEDED) {
        const i = ids.indexOf(id)
        out[id] = i === -1 ? 'gone' : sessions[i].views
      }
      resolve(out)
    })
  })
}

// The new session ID a Set-Cookie header carries, if it is a session cookie for NAME.
function setCookieId (res, secrets) {
  const header = (res.headers['set-cookie'] || []).find((c) => c.startsWith(NAME + '='))
  if (!header) return undefined
  const raw = decodeURIComponent(header.slice(NAME.length + 1).split(';')[0])
  if (!raw.startsWith('s:')) return { unsigned: raw }
  for (const secret of secrets) {
    const id = signature.unsign(raw.slice(2), secret)
    if (id !== false) return { id }
  }
  return { badSignature: raw }
}

// One request against `impl` with `row`; returns a normalized outcome (random IDs become
// 'new') plus the raw details for messages.
async function runRow (impl, row) {
  const store = new impl.MemoryStore()
  await seed(store)
  const errors = []
  let middleware
  try {
    middleware = impl({ secret: SECRET, resave: false, saveUninitialized: true, ...row.options, store })
  } catch (err) {
    return { outcome: { config: `${err.name}: ${err.message}` } }
  }
  const app = express()
  app.set('env', 'test') // finalhandler: no stack traces on stderr
  app.use(middleware)
  app.get('/', (req, res, next) => (row.handler || countViews)(req, res, next, impl))
  app.use((err, req, res, next) => {
    errors.push(err)
    if (res.headersSent) return next(err)
    res.status(500).json({ error: err.message })
  })
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  let res
  try {
    res = await rawRequest(server.address().port, row.headers || [])
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  // Let store work started by the end of the response finish.
  await new Promise((resolve) => setTimeout(resolve, 20))
  const snapshot = await storeSnapshot(store)
  if (res.kind !== 'response') return { outcome: { kind: res.kind, errors: errors.map((e) => e.message) }, snapshot }

  let body
  try { body = JSON.parse(res.body) } catch { body = res.body }
  const cookie = setCookieId(res, row.signingSecrets || [SECRET])
  const idLabel = (id) => typeof id !== 'string' ? `<${typeof id}:${JSON.stringify(id)}>` : SEEDED.includes(id) ? id : id === '' ? '<empty>' : 'new'
  const outcome = {
    kind: 'response',
    status: res.status,
    id: body && typeof body === 'object' && 'id' in body ? idLabel(body.id) : undefined,
    views: body && typeof body === 'object' ? body.views : undefined,
    body: body && typeof body === 'object' && 'id' in body ? undefined : body,
    setCookie: cookie === undefined
      ? 'none'
      : cookie.id !== undefined
        ? (body && cookie.id === body.id ? 'same-id' : `id ${idLabel(cookie.id)}`)
        : JSON.stringify(cookie),
    errors: errors.map((e) => `${e.name}: ${e.message}`),
    store: snapshot
  }
  for (const key of Object.keys(outcome)) if (outcome[key] === undefined) delete outcome[key]
  return { outcome, res }
}

const UNTOUCHED = Object.fromEntries(SEEDED.map((id) => [id, SEEDED_VIEWS]))

// Expected outcomes, as partial objects the normalized outcome must contain.
const FRESH = { kind: 'response', status: 200, id: 'new', views: 1, setCookie: 'same-id' }
const loaded = (id) => ({ kind: 'response', status: 200, id, views: SEEDED_VIEWS + 1 })
const nodeRejects = { kind: 'response', status: 400 }
const nextError = (pattern) => ({ kind: 'response', status: 500, errorMatches: pattern })

function assertExpected (outcome, expected, label) {
  const { errorMatches, store: expectedStore, ...fields } = expected
  for (const [key, value] of Object.entries(fields)) {
    assert.deepEqual(outcome[key], value, `${label}: ${key} of ${JSON.stringify(outcome)}`)
  }
  if (errorMatches) {
    assert.ok(outcome.errors && outcome.errors.some((e) => errorMatches.test(e)),
      `${label}: an error matching ${errorMatches} reaches next: ${JSON.stringify(outcome)}`)
  }
  if (expectedStore) {
    for (const [key, value] of Object.entries(expectedStore)) {
      assert.deepEqual(outcome.store && outcome.store[key], value, `${label}: store ${key} of ${JSON.stringify(outcome)}`)
    }
  }
  // The security invariant of every row: a seeded session is only ever reached (read or
  // written) when the row expects it to be loaded.
  if (outcome.kind === 'response' && fields.id !== undefined && !SEEDED.includes(fields.id)) {
    assert.ok(!SEEDED.includes(outcome.id), `${label}: a seeded session was loaded: ${JSON.stringify(outcome)}`)
    if (outcome.store && !expectedStore) {
      for (const id of SEEDED) {
        assert.equal(outcome.store[id], SEEDED_VIEWS, `${label}: seeded session ${id} was changed: ${JSON.stringify(outcome)}`)
      }
    }
  }
}

// Runs a row on both implementations. `row.expressSession` says what express-session does
// when it differs from the expectation ('same' by default: both must meet `expect` and
// agree with each other).
async function check (row) {
  const results = {}
  for (const [label, impl] of IMPLS) {
    if (label === 'express-session' && row.expressSession === 'skip') continue
    results[label] = await runRow(impl, row)
  }
  const ourOutcome = results['express-session-rs'].outcome
  const theirs = results['express-session']
  if (theirs && typeof row.expressSession === 'object') {
    // express-session does something else (documented here); we keep to `expect`.
    assertExpected(theirs.outcome, row.expressSession, 'express-session (documented behaviour)')
  }
  assertExpected(ourOutcome, row.expect, 'express-session-rs')
  if (theirs && row.expressSession === undefined) {
    assertExpected(theirs.outcome, row.expect, 'express-session (the expectation is its behaviour)')
    assert.deepEqual(ourOutcome, theirs.outcome, 'same outcome as express-session')
  }
}

// ---------------------------------------------------------------------------------------
// The table

const KNOWN_SIG = sigOf(KNOWN)
const LONG_JUNK = 'j'.repeat(8 * 1024)

const COOKIE_ROWS = [
  { name: 'no Cookie header', headers: [], expect: FRESH },
  { name: 'empty Cookie header', headers: ['Cookie: '], expect: FRESH },
  { name: 'Cookie header of separators and blanks only', headers: ['Cookie: ; ;;\t; = ; =;'], expect: FRESH },
  { name: 'valid session cookie', headers: [`Cookie: ${cookieFor(KNOWN)}`], expect: loaded(KNOWN) },
  { name: 'valid session cookie after 8 KB of other cookies', headers: [`Cookie: junk=${LONG_JUNK}; ${cookieFor(KNOWN)}`], expect: loaded(KNOWN) },
  { name: 'valid session cookie followed by 8 KB without any "="', headers: [`Cookie: ${cookieFor(KNOWN)}; ${LONG_JUNK}`], expect: loaded(KNOWN) },
  { name: '8 KB session cookie value', headers: [`Cookie: ${NAME}=s%3A${LONG_JUNK}.${KNOWN_SIG}`], expect: FRESH },
  { name: '8 KB session cookie value with a valid signature', headers: [`Cookie: ${cookieFor(LONG_JUNK)}`], expect: FRESH },
  { name: '1,000 cookies, then the valid session cookie', headers: [`Cookie: ${manyCookies(1000)}; ${cookieFor(KNOWN)}`], expect: loaded(KNOWN) },
  { name: '1,000 cookies with the session cookie first', headers: [`Cookie: ${cookieFor(KNOWN)}; ${manyCookies(1000)}`], expect: loaded(KNOWN) },
  {
    name: 'the session name 200 times with forged values, then a valid one',
    headers: [`Cookie: ${Array.from({ length: 200 }, (_, i) => `${NAME}=s:${KNOWN}.forged${i}`).join('; ')}; ${cookieFor(KNOWN)}`],
    expect: FRESH
  },
  { name: 'session name repeated: valid first, forged second', headers: [`Cookie: ${cookieFor(KNOWN)}; ${NAME}=s:${KNOWN}.AAAA`], expect: loaded(KNOWN) },
  { name: 'session name repeated: forged first, valid second', headers: [`Cookie: ${NAME}=s:${KNOWN}.AAAA; ${cookieFor(KNOWN)}`], expect: FRESH },
  { name: 'session name repeated: valid for another ID first', headers: [`Cookie: ${cookieFor('a.b.c')}; ${cookieFor(KNOWN)}`], expect: loaded('a.b.c') },
  { name: 'session name repeated across two Cookie headers', headers: [`Cookie: ${NAME}=s:${KNOWN}.AAAA`, `Cookie: ${cookieFor(KNOWN)}`], expect: FRESH },
  { name: 'invalid percent-encoding in the signature', headers: [`Cookie: ${NAME}=s%3A${KNOWN}.%ZZ${KNOWN_SIG}`], expect: FRESH },
  { name: 'truncated percent-encoding', headers: [`Cookie: ${NAME}=s%3A${KNOWN}.${KNOWN_SIG}%E0%A4%A`], expect: FRESH },
  { name: 'lone "%" as the session cookie', headers: [`Cookie: ${NAME}=%`], expect: FRESH },
  { name: 'percent-encoded UTF-16 surrogate (%ED%A0%80)', headers: [`Cookie: ${NAME}=s%3A%ED%A0%80.${KNOWN_SIG}`], expect: FRESH },
  { name: 'invalid percent-encoding in another cookie', headers: [`Cookie: bad=%E0%A4%A; ${cookieFor(KNOWN)}; worse=%`], expect: loaded(KNOWN) },
  { name: 'unencoded signed value (raw "+" and "/")', headers: [`Cookie: ${NAME}=${signed(KNOWN)}`], expect: loaded(KNOWN) },
  { name: 'over-encoded signed value (every character escaped)', headers: [`Cookie: ${NAME}=${Array.from(Buffer.from(signed(KNOWN))).map((b) => '%' + b.toString(16).padStart(2, '0')).join('')}`], expect: loaded(KNOWN) },
  { name: 'non-ASCII latin1 bytes as the value', headers: [bytes(`Cookie: ${NAME}=s:`, Buffer.from([0xe9, 0xfc, 0xff]), `.${KNOWN_SIG}`)], expect: FRESH },
  { name: 'invalid UTF-8 bytes as the value', headers: [bytes(`Cookie: ${NAME}=`, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]))], expect: FRESH },
  { name: 'invalid UTF-8 bytes inside a valid signature', headers: [bytes(`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG.slice(0, 20)}`, Buffer.from([0xc3]), KNOWN_SIG.slice(21))], expect: FRESH },
  { name: 'UTF-8 bytes of an emoji in another cookie', headers: [bytes('Cookie: emoji=', Buffer.from('😀', 'utf8'), `; ${cookieFor(KNOWN)}`)], expect: loaded(KNOWN) },
  { name: 'invalid UTF-8 bytes in the cookie name', headers: [bytes('Cookie: ', Buffer.from([0xc3, 0x28]), `=1; ${cookieFor(KNOWN)}`)], expect: loaded(KNOWN) },
  { name: 'raw UTF-8 bytes of a non-ASCII session ID (read as latin1 by Node)', headers: [bytes(`Cookie: ${NAME}=s:`, Buffer.from('ünï', 'utf8'), `.${sigOf('ünï')}`)], expect: FRESH },
  { name: 'percent-encoded non-ASCII session ID', headers: [`Cookie: ${cookieFor('ünï')}`], expect: loaded('ünï') },
  { name: 'control byte in the header (rejected by Node\'s HTTP parser)', headers: [bytes(`Cookie: ${cookieFor(KNOWN)}`, Buffer.from([0x01]))], expect: nodeRejects },
  { name: 'NUL byte in the header (rejected by Node\'s HTTP parser)', headers: [bytes(`Cookie: ${NAME}=s:`, Buffer.from([0]), KNOWN)], expect: nodeRejects },
  { name: 'quoted session cookie', headers: [`Cookie: ${NAME}="${encodeURIComponent(signed(KNOWN))}"`], expect: loaded(KNOWN) },
  { name: 'quoted session cookie with blanks around', headers: [`Cookie:   ${NAME} =\t "${signed(KNOWN)}"\t ;x=1`], expect: loaded(KNOWN) },
  { name: 'unbalanced quote', headers: [`Cookie: ${NAME}="${signed(KNOWN)}`], expect: FRESH },
  { name: 'doubly quoted', headers: [`Cookie: ${NAME}=""${signed(KNOWN)}""`], expect: FRESH },
  { name: '"s:" with no signature', headers: [`Cookie: ${NAME}=s:${KNOWN}`], expect: FRESH },
  { name: '"s:" alone', headers: [`Cookie: ${NAME}=s:`], expect: FRESH },
  { name: '"s:." (empty ID, empty signature)', headers: [`Cookie: ${NAME}=s:.`], expect: FRESH },
  { name: 'signature one character short', headers: [`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG.slice(0, -1)}`], expect: FRESH },
  { name: 'signature one character long', headers: [`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG}A`], expect: FRESH },
  { name: 'signature with base64 padding restored', headers: [`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG}=`], expect: FRESH },
  { name: 'signature repeated', headers: [`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG}${KNOWN_SIG}`], expect: FRESH },
  { name: 'signature as base64url instead of base64', headers: [`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG.replace(/\+/g, '-').replace(/\//g, '_')}`], expect: KNOWN_SIG.includes('+') || KNOWN_SIG.includes('/') ? FRESH : loaded(KNOWN) },
  { name: 'signature with one character changed', headers: [`Cookie: ${NAME}=s:${KNOWN}.${KNOWN_SIG[0] === 'A' ? 'B' : 'A'}${KNOWN_SIG.slice(1)}`], expect: FRESH },
  { name: 'signature of another ID', headers: [`Cookie: ${NAME}=s:${KNOWN}.${sigOf('a.b.c')}`], expect: FRESH },
  { name: 'valid signature from a secret no longer configured', headers: [`Cookie: ${cookieFor(KNOWN, OLD_SECRET)}`], expect: FRESH },
  { name: 'valid signature made with an empty secret', headers: [`Cookie: ${cookieFor(KNOWN, '')}`], expect: FRESH },
  { name: 'unsigned session ID', headers: [`Cookie: ${NAME}=${KNOWN}`], expect: FRESH },
  { name: 'unsigned ID with a dot', headers: [`Cookie: ${NAME}=a.b.c`], expect: FRESH },
  { name: '"S:" prefix (wrong case)', headers: [`Cookie: ${NAME}=S:${KNOWN}.${KNOWN_SIG}`], expect: FRESH },
  { name: 'session cookie under another name', headers: [`Cookie: other.sid=${encodeURIComponent(signed(KNOWN))}`], expect: FRESH },
  { name: 'session name in another case', headers: [`Cookie: Connect.SID=${encodeURIComponent(signed(KNOWN))}`], expect: FRESH },
  { name: 'signed ID containing "." (a.b.c)', headers: [`Cookie: ${cookieFor('a.b.c')}`], expect: loaded('a.b.c') },
  { name: 'signed ID "a.b.c" cut at an inner dot', headers: [`Cookie: ${NAME}=s:a.b.${sigOf('a.b.c')}`], expect: FRESH },
  { name: 'signed ID containing "%", encoded as express-session sets it', headers: [`Cookie: ${cookieFor('a%b')}`], expect: loaded('a%b') },
  { name: 'signed ID containing "%", sent raw (undecodable, kept as is)', headers: [`Cookie: ${NAME}=${signed('a%zzb')}`], expect: loaded('a%zzb') },
  { name: 'signed ID containing "%41", sent raw (decoded to "xAy")', headers: [`Cookie: ${NAME}=${signed('x%41y')}`], expect: FRESH },
  { name: 'signed ID with "%" whose signature is percent-mangled', headers: [`Cookie: ${NAME}=s:a%b.${encodeURIComponent(sigOf('a%b'))}x`], expect: FRESH }
]

const GENID_ROWS = [
  ['a number', () => 42, { kind: 'response', status: 200, id: '<number:42>', views: 1, setCookie: 'none' }],
  ['undefined', () => undefined, { kind: 'response', status: 200, views: 1, setCookie: 'none' }],
  ['null', () => null, { kind: 'response', status: 200, id: '<object:null>', views: 1, setCookie: 'none' }],
  ['an object', () => ({ id: 'x' }), { kind: 'response', status: 200, id: '<object:{"id":"x"}>', views: 1, setCookie: 'none' }],
  ['an empty string', () => '', { kind: 'response', status: 200, id: '<empty>', views: 1, setCookie: 'same-id' }],
  ['a string containing CR LF', () => 'id\r\nSet-Cookie: evil=1', { kind: 'response', status: 200, views: 1, setCookie: 'same-id' }],
  ['the ID of a seeded session (fixation through genid)', () => KNOWN, { kind: 'response', status: 200, id: KNOWN, views: 1, setCookie: 'same-id' }],
  ['throwing', () => { throw new Error('genid exploded') }, nextError(/genid exploded/)]
].flatMap(([what, genid, expect]) => [
  { name: `genid returning ${what}, no cookie`, options: { genid }, headers: [], expect: withStore(expect, what) },
  { name: `genid returning ${what}, cookie of an unknown session`, options: { genid }, headers: [`Cookie: ${cookieFor('no-such-session')}`], expect: withStore(expect, what) }
])

// A genid row's expectation on the seeded sessions: only the fixation row overwrites one.
function withStore (expect, what) {
  if (what.startsWith('the ID of a seeded session')) return { ...expect, store: { [KNOWN]: 1 } }
  return expect
}

// JSON.stringify cannot serialize a cycle or a BigInt; express-session leaves the request
// hanging in each of these rows (its res.end wrapper throws, and the error handler's
// res.end is then swallowed by the same wrapper). We hold ourselves to handing the error
// to `next` and answering.
const EXPRESS_SESSION_HANGS = { kind: HANG }
const UNSERIALIZABLE_ROWS = [
  ['a cycle', (s) => { s.self = s }, /circular/i],
  ['a nested cycle', (s) => { s.a = { b: {} }; s.a.b.c = s.a }, /circular/i],
  ['a BigInt', (s) => { s.n = 10n }, /BigInt/i]
].flatMap(([what, poison, pattern]) => [
  {
    name: `session data with ${what}, saved at the end of the response`,
    handler: (req, res) => { poison(req.session); res.json({ ok: true }) },
    expect: nextError(pattern),
    expressSession: EXPRESS_SESSION_HANGS
  },
  {
    name: `session data with ${what}, saved explicitly with save(cb)`,
    handler: (req, res, next) => {
      poison(req.session)
      req.session.save((err) => err ? next(err) : res.json({ ok: true }))
    },
    expect: nextError(pattern),
    expressSession: EXPRESS_SESSION_HANGS
  },
  {
    name: `session data with ${what} in a loaded session, response ended asynchronously`,
    headers: [`Cookie: ${cookieFor(KNOWN)}`],
    handler: (req, res, next) => {
      poison(req.session)
      setImmediate(() => {
        try { res.json({ ok: true }) } catch (err) { next(err) }
      })
    },
    expect: { ...nextError(pattern), store: UNTOUCHED },
    expressSession: EXPRESS_SESSION_HANGS
  }
])

// Secrets: values express-session accepts and handles per request are compared; values no
// HMAC can take are a TypeError at configuration time here (a deliberate difference:
// express-session accepts them and then fails on each request).
const SECRET_TYPE_ERROR = { config: 'TypeError: secret option must be a string, a Buffer, or an array of them' }
const LONG_SECRET = 'L'.repeat(1024 * 1024)
const BUFFER_SECRET = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80])
const ARRAY_BUFFER_SECRET = new Uint8Array([7, 7, 0, 200]).buffer
const KEY_OBJECT_SECRET = crypto.createSecretKey(Buffer.from('a key object'))
const SECRET_ROWS = [
  { name: 'Buffer secret, cookie signed with it', options: { secret: BUFFER_SECRET }, signingSecrets: [BUFFER_SECRET], headers: [`Cookie: ${cookieFor(KNOWN, BUFFER_SECRET)}`], expect: loaded(KNOWN) },
  { name: 'Buffer secret, cookie signed with its latin1 string', options: { secret: BUFFER_SECRET }, signingSecrets: [BUFFER_SECRET], headers: [`Cookie: ${cookieFor(KNOWN, BUFFER_SECRET.toString('latin1'))}`], expect: FRESH },
  { name: 'Uint8Array secret', options: { secret: new Uint8Array([9, 8, 7]) }, signingSecrets: [Buffer.from([9, 8, 7])], headers: [`Cookie: ${cookieFor(KNOWN, Buffer.from([9, 8, 7]))}`], expect: loaded(KNOWN) },
  { name: 'DataView secret', options: { secret: new DataView(new Uint8Array(Buffer.from('view')).buffer) }, signingSecrets: [Buffer.from('view')], headers: [`Cookie: ${cookieFor(KNOWN, Buffer.from('view'))}`], expect: loaded(KNOWN) },
  // HMAC takes these two, and cookie-signature documents KeyObject secrets; express-session
  // works with them, so they are not among the values reported at configuration time.
  { name: 'ArrayBuffer secret', options: { secret: ARRAY_BUFFER_SECRET }, signingSecrets: [Buffer.from(ARRAY_BUFFER_SECRET)], headers: [`Cookie: ${cookieFor(KNOWN, Buffer.from(ARRAY_BUFFER_SECRET))}`], expect: loaded(KNOWN) },
  { name: 'secret KeyObject (crypto.createSecretKey)', options: { secret: KEY_OBJECT_SECRET }, signingSecrets: [KEY_OBJECT_SECRET], headers: [`Cookie: ${cookieFor(KNOWN, KEY_OBJECT_SECRET)}`], expect: loaded(KNOWN) },
  { name: 'array of a string and a Buffer, cookie signed with the Buffer', options: { secret: [SECRET, BUFFER_SECRET] }, headers: [`Cookie: ${cookieFor(KNOWN, BUFFER_SECRET)}`], expect: loaded(KNOWN) },
  { name: 'array with an empty string first: new cookies are signed with ""', options: { secret: ['', SECRET] }, signingSecrets: [''], headers: [], expect: FRESH },
  { name: 'array with an empty string first: old cookies still load', options: { secret: ['', SECRET] }, signingSecrets: [''], headers: [`Cookie: ${cookieFor(KNOWN)}`], expect: loaded(KNOWN) },
  { name: 'array with an empty string last: a cookie signed with "" loads', options: { secret: [SECRET, ''] }, headers: [`Cookie: ${cookieFor(KNOWN, '')}`], expect: loaded(KNOWN) },
  { name: 'very long secret (1 MiB)', options: { secret: LONG_SECRET }, signingSecrets: [LONG_SECRET], headers: [`Cookie: ${cookieFor(KNOWN, LONG_SECRET)}`], expect: loaded(KNOWN) },
  { name: 'very long secret, cookie signed with a prefix of it', options: { secret: LONG_SECRET }, signingSecrets: [LONG_SECRET], headers: [`Cookie: ${cookieFor(KNOWN, LONG_SECRET.slice(0, 64))}`], expect: FRESH },
  { name: 'secret with non-ASCII characters', options: { secret: 'sécret ☃ 😀' }, signingSecrets: ['sécret ☃ 😀'], headers: [`Cookie: ${cookieFor(KNOWN, 'sécret ☃ 😀')}`], expect: loaded(KNOWN) },
  { name: 'secret with a NUL character', options: { secret: 'a\u0000b' }, signingSecrets: ['a\u0000b'], headers: [`Cookie: ${cookieFor(KNOWN, 'a')}`], expect: FRESH },
  { name: 'secret of 64 bytes vs the same with a trailing NUL', options: { secret: 'k'.repeat(63) }, signingSecrets: ['k'.repeat(63)], headers: [`Cookie: ${cookieFor(KNOWN, 'k'.repeat(63) + '\u0000')}`], expect: loaded(KNOWN) },
  { name: 'empty array secret', options: { secret: [] }, expect: { config: 'TypeError: secret option array must contain one or more strings' } },
  ...[['an empty string', ''], ['0', 0], ['null', null], ['false', false]].map(([what, secret]) => ({
    name: `falsy secret (${what}) without req.secret`, options: { secret }, headers: [], expect: nextError(/^Error: secret option required for sessions$/)
  })),
  ...[
    ['a number', 42], ['true', true], ['an object', { key: SECRET }], ['a function', () => SECRET],
    ['a Symbol', Symbol('s')], ['a Date', new Date(0)], ['an array with a number', [SECRET, 42]],
    ['an array with null', [SECRET, null]], ['an array with undefined', [undefined]], ['an array with an object', [{}]],
    ['a nested array', [[SECRET]]], ['a BigInt', 10n],
    ['an asymmetric KeyObject', crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey]
  ].map(([what, secret]) => ({
    name: `unusual secret type: ${what}`,
    options: { secret },
    headers: [`Cookie: ${cookieFor(KNOWN)}`],
    expect: SECRET_TYPE_ERROR,
    // What express-session does instead is checked in the test below the table.
    expressSession: 'skip'
  }))
]

// Handlers that replace or delete req.session, call save/destroy twice, or end the
// response inside a store callback.
function ok (res, extra) { res.json({ ok: true, ...extra }) }
const HANDLER_ROWS = [
  { name: 'handler sets req.session = null', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.session = null; ok(res) }, expect: { kind: 'response', status: 200, body: { ok: true }, setCookie: 'none', store: UNTOUCHED } },
  { name: 'handler deletes req.session', handler: (req, res) => { delete req.session; ok(res) }, expect: { kind: 'response', status: 200, body: { ok: true }, setCookie: 'none', store: { count: SEEDED.length } } },
  { name: 'handler deletes req.session with unset: "destroy"', options: { unset: 'destroy' }, headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { delete req.session; ok(res) }, expect: { kind: 'response', status: 200, setCookie: 'none', store: { [KNOWN]: 'gone' } } },
  { name: 'handler sets req.session = undefined with unset: "keep"', options: { unset: 'keep' }, headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.session = undefined; ok(res) }, expect: { kind: 'response', status: 200, setCookie: 'none', store: UNTOUCHED } },
  {
    name: 'handler replaces req.session with a Session of another request',
    headers: [`Cookie: ${cookieFor(KNOWN)}`],
    handler: (req, res, next, impl) => {
      const stranger = { sessionID: 'a.b.c', sessionStore: req.sessionStore }
      req.session = new impl.Session(stranger, { views: 1000, cookie: req.session.cookie })
      ok(res)
    },
    expect: { kind: 'response', status: 200, body: { ok: true } }
  },
  {
    name: 'handler replaces req.session with a plain object',
    headers: [`Cookie: ${cookieFor(KNOWN)}`],
    handler: (req, res) => { req.session = { views: 1000, cookie: {} }; ok(res) },
    expect: { kind: 'response' },
    expressSession: EXPRESS_SESSION_HANGS
  },
  {
    name: 'handler replaces req.session with a string',
    handler: (req, res) => { req.session = 'not a session'; ok(res) },
    expect: { kind: 'response' },
    expressSession: EXPRESS_SESSION_HANGS
  },
  {
    name: 'save() twice, response after both callbacks',
    handler: (req, res, next) => {
      req.session.views = 7
      let calls = 0
      const done = (err) => { if (err) return next(err); if (++calls === 2) ok(res, { calls }) }
      req.session.save(done)
      req.session.save(done)
    },
    expect: { kind: 'response', status: 200, body: { ok: true, calls: 2 }, setCookie: 'id new' }
  },
  {
    name: 'destroy() twice on a loaded session',
    headers: [`Cookie: ${cookieFor(KNOWN)}`],
    handler: (req, res, next) => {
      const sess = req.session
      let calls = 0
      const done = (err) => { if (err) return next(err); if (++calls === 2) ok(res, { calls }) }
      sess.destroy(done)
      sess.destroy(done)
    },
    expect: { kind: 'response', status: 200, body: { ok: true, calls: 2 }, setCookie: 'none', store: { [KNOWN]: 'gone' } }
  },
  {
    name: 'destroy() then save() on the destroyed session',
    headers: [`Cookie: ${cookieFor(KNOWN)}`],
    handler: (req, res, next) => {
      const sess = req.session
      sess.destroy((err) => {
        if (err) return next(err)
        sess.views = 99
        sess.save((err) => err ? next(err) : ok(res))
      })
    },
    expect: { kind: 'response', status: 200, body: { ok: true }, setCookie: 'none', store: { [KNOWN]: 99 } }
  },
  { name: 'response ended inside save()\'s callback', handler: (req, res) => { req.session.views = 3; req.session.save(() => res.end('saved')) }, expect: { kind: 'response', status: 200, setCookie: 'id new' } },
  { name: 'response ended inside destroy()\'s callback', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.session.destroy(() => res.end('bye')) }, expect: { kind: 'response', status: 200, setCookie: 'none', store: { [KNOWN]: 'gone' } } },
  { name: 'response ended inside regenerate()\'s callback', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.session.regenerate(() => res.end('new')) }, expect: { kind: 'response', status: 200, setCookie: 'id new', store: { [KNOWN]: 'gone' } } },
  { name: 'response ended inside reload()\'s callback', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.session.reload(() => res.end('reloaded')) }, expect: { kind: 'response', status: 200, setCookie: 'none' } },
  { name: 'response ended inside reload()\'s callback after the session was destroyed', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.sessionStore.destroy(KNOWN, () => req.session.reload((err) => res.end(err ? err.message : 'reloaded'))) }, expect: { kind: 'response', status: 200 } },
  { name: 'response ended twice', handler: (req, res) => { req.session.views = 1; res.end('one'); res.end('two') }, expect: { kind: 'response', status: 200, body: 'one', setCookie: 'id new' } },
  { name: 'response ended inside the store\'s get callback of a direct store call', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res) => { req.sessionStore.get(KNOWN, (err, sess) => res.end(String(err || sess.views))) }, expect: { kind: 'response', status: 200 } },
  { name: 'regenerate() twice', headers: [`Cookie: ${cookieFor(KNOWN)}`], handler: (req, res, next) => { let calls = 0; const done = (err) => { if (err) return next(err); if (++calls === 2) ok(res, { calls }) }; req.session.regenerate(done); req.session.regenerate(done) }, expect: { kind: 'response', status: 200, body: { ok: true, calls: 2 }, store: { [KNOWN]: 'gone' } } },
  { name: 'handler throws synchronously after touching the session', handler: (req) => { req.session.views = 5; throw new Error('handler exploded') }, expect: nextError(/handler exploded/) }
]

describe('hostile input (Express 4, side by side with express-session 1.19.0)', () => {
  describe('Cookie header', () => {
    for (const row of COOKIE_ROWS) it(row.name, () => check(row))
  })
  describe('genid', () => {
    for (const row of GENID_ROWS) it(row.name, () => check(row))
  })
  describe('session data JSON.stringify cannot serialize', () => {
    for (const row of UNSERIALIZABLE_ROWS) it(row.name, () => check(row))
  })
  describe('secrets', () => {
    for (const row of SECRET_ROWS) it(row.name, () => check(row))

    it('express-session accepts the unusual secret types and fails per request instead', async () => {
      // The documented difference, checked: express-session does not throw at configuration,
      // and a request with a signed cookie then fails (500) or leaves the secret unusable.
      for (const secret of [42, true, { key: SECRET }, [SECRET, 42]]) {
        assert.doesNotThrow(() => original({ secret, resave: false, saveUninitialized: true }))
        assert.throws(() => ours({ secret, resave: false, saveUninitialized: true }),
          { name: 'TypeError', message: 'secret option must be a string, a Buffer, or an array of them' })
      }
      const { outcome } = await runRow(original, { options: { secret: 42 }, headers: [`Cookie: ${cookieFor(KNOWN)}`] })
      assert.equal(outcome.status, 500, JSON.stringify(outcome))
      assert.ok(outcome.errors.some((e) => /TypeError/.test(e)), JSON.stringify(outcome))
    })
  })
  describe('handlers', () => {
    for (const row of HANDLER_ROWS) it(row.name, () => check(row))
  })
})
