'use strict'

/*
 * Shared helpers for the middleware tests.
 *
 *   frameworks            [[label, express]] for Express 4 and Express 5: loop over it so
 *                         every behavioural test runs on both.
 *   implementations       { ours, theirs }: the session() factories of express-session-rs
 *                         and of express-session 1.19.0 (for side-by-side comparisons).
 *   createApp(express, { session, options, before, mount, handler, setup })
 *                         An app running `session(options)` (session defaults to ours;
 *                         options default to { secret: 'keyboard cat', resave: false,
 *                         saveUninitialized: true }), after the `before` middleware, at the
 *                         optional `mount` path, then `handler(req, res)` (default: ends with
 *                         'ok'). `setup(app)` runs first (e.g. app.set('trust proxy', true)).
 *                         Errors passed to next() are pushed onto `app.errors`; the error
 *                         handler answers 500 with the message unless headers went out.
 *                         `app.nextError()` resolves with the next error not yet taken
 *                         (rejects after 2 s if none comes).
 *   request(app)          supertest's client (get, post, put, patch, delete, head,
 *                         options), each request bounded to 5 s; it listens on 127.0.0.1
 *                         and closes after each request.
 *   httpsServer(app)      an https.Server for `app` with a throwaway self-signed certificate
 *                         (pass it to request(); add .trustLocalhost() to the request).
 *   setCookies(res)       the response's Set-Cookie values, [] when none.
 *   sessionCookie(res, name = 'connect.sid')   the Set-Cookie value for `name`, or undefined.
 *   cookiePair(res, name = 'connect.sid')      'name=value' from it, for a Cookie header.
 *   signedValue(id, secret)   the cookie value express-session writes: encoded 's:' + signature.
 *   fixedId(id)           a genid that always returns `id`.
 *   fixedClock(t, start)  stubs Date.now for test `t` (restored after it); returns
 *                         { now(), advance(ms), set(ms) }; `start` defaults to
 *                         2030-05-06T07:08:09Z.
 *   storeGet(store, id)   promise of store.get's session.
 *   randomId()            a fresh random string, for distinct session IDs.
 *   quietly(fn)           runs fn with a 'deprecation' listener installed, so depd hands its
 *                         warnings to it instead of stderr; returns what fn returns.
 */

const crypto = require('node:crypto')
const fs = require('node:fs')
const https = require('node:https')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const supertest = require('supertest')
const signature = require('cookie-signature')

const ours = require('../..')
const theirs = require('express-session')

const frameworks = [
  ['express 4', require('express')],
  ['express 5', require('express5')]
]

const implementations = { ours, theirs }

const DEFAULT_OPTIONS = { secret: 'keyboard cat', resave: false, saveUninitialized: true }

function defaultHandler (req, res) {
  res.end('ok')
}

function createApp (express, spec = {}) {
  const session = spec.session || ours
  const options = spec.options || DEFAULT_OPTIONS
  const handler = spec.handler || defaultHandler
  const app = express()
  const errors = []
  const waiting = []
  let consumed = 0

  if (spec.setup) spec.setup(app)
  for (const middleware of spec.before || []) app.use(middleware)
  if (spec.mount) app.use(spec.mount, session(options))
  else app.use(session(options))
  app.use(handler)
  app.use(function recordError (err, req, res, next) {
    errors.push(err)
    const waiter = waiting.shift()
    if (waiter) {
      consumed++
      waiter(err)
    }
    if (res.headersSent) return
    res.statusCode = 500
    res.end(String(err.message))
  })

  app.errors = errors
  app.nextError = function nextError () {
    if (consumed < errors.length) return Promise.resolve(errors[consumed++])
    return new Promise((resolve, reject) => {
      const waiter = (err) => {
        clearTimeout(timer)
        resolve(err)
      }
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1)
        reject(new Error('no error reached next()'))
      }, 2000)
      waiting.push(waiter)
    })
  }
  return app
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']
const REQUEST_TIMEOUT_MS = 5000

// supertest with a deadline: a response that never completes fails its test instead of
// hanging the run.
function request (app) {
  const client = supertest(app)
  const bounded = {}
  for (const method of METHODS) {
    bounded[method] = (url) => client[method](url).timeout(REQUEST_TIMEOUT_MS)
  }
  return bounded
}

let certificate
function selfSignedCertificate () {
  if (certificate) return certificate
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-cert-'))
  try {
    const keyFile = path.join(dir, 'key.pem')
    const certFile = path.join(dir, 'cert.pem')
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
      '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore', timeout: 20000 })
    certificate = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return certificate
}

function httpsServer (app) {
  return https.createServer(selfSignedCertificate(), app)
}

function setCookies (res) {
  const header = res.headers['set-cookie']
  if (header === undefined) return []
  return Array.isArray(header) ? header : [header]
}

function sessionCookie (res, name = 'connect.sid') {
  return setCookies(res).find((value) => value.startsWith(name + '='))
}

function cookiePair (res, name = 'connect.sid') {
  const value = sessionCookie(res, name)
  return value === undefined ? undefined : value.split(';')[0]
}

function signedValue (id, secret) {
  return encodeURIComponent('s:' + signature.sign(id, secret))
}

function fixedId (id) {
  return function genid () {
    return id
  }
}

function fixedClock (t, start = Date.UTC(2030, 4, 6, 7, 8, 9, 0)) {
  let current = start
  // A plain stub: t.mock.method would record every call, which slows hot loops.
  const realNow = Date.now
  Date.now = () => current
  t.after(() => {
    Date.now = realNow
  })
  return {
    now: () => current,
    advance (ms) {
      current += ms
    },
    set (ms) {
      current = ms
    }
  }
}

function storeGet (store, id) {
  return new Promise((resolve, reject) => {
    store.get(id, (err, sess) => (err ? reject(err) : resolve(sess)))
  })
}

// A random ID, for tests that need distinct sessions.
function randomId () {
  return crypto.randomBytes(12).toString('base64url')
}

function quietly (fn) {
  const ignore = () => {}
  process.on('deprecation', ignore)
  try {
    return fn()
  } finally {
    process.removeListener('deprecation', ignore)
  }
}

module.exports = {
  frameworks,
  implementations,
  createApp,
  request,
  httpsServer,
  setCookies,
  sessionCookie,
  cookiePair,
  signedValue,
  fixedId,
  fixedClock,
  storeGet,
  randomId,
  quietly
}
