'use strict'

/*
 * The redirect after login that loses its session (expressjs/session#360, #660, #167), for
 * the saveBeforeHeaders tests.
 *
 *   loginApp(store, options)  an app: GET /login sets req.session.user and redirects to
 *                             /whoami; GET /login-streamed does the same with a write before
 *                             the end, and ends only once /whoami was asked (at most 2 s);
 *                             GET /whoami answers { user } (null without one). Returns
 *                             { app, seen() }: seen() tells whether /whoami was asked.
 *   lateStore(inner, until)   a third-party store over `inner` whose set writes 50 ms late
 *                             (and, with `until`, only once until() is true, at most 1 s more).
 *   lateRedisStore(options)   the native RedisStore, its writes (its public set and the
 *                             middleware's own save) sent to Redis 50 ms late.
 */

const express = require('express')
const session = require('../..')
const { WRITE_SESSION } = require('../../lib/store-intent')

const SECRET = 'save before headers'
const WRITE_DELAY_MS = 50
const UNTIL_LIMIT_MS = 1000
const POLL_MS = 5
const STREAM_LIMIT_MS = 2000

function loginApp (store, options = {}) {
  let followUps = 0
  const app = express()
  app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, ...options }))
  app.get('/login', (req, res) => {
    req.session.user = 'ann'
    res.redirect('/whoami')
  })
  // Streams the redirect: the headers go out with the first write, the end waits for the
  // follow-up request (at most 2 s), so the store work at the end cannot have happened yet.
  app.get('/login-streamed', (req, res) => {
    req.session.user = 'ann'
    res.status(302).set('Location', '/whoami').type('text')
    res.write('Redirecting')
    const started = followUps
    const poll = (waited) => {
      if (followUps > started || waited >= STREAM_LIMIT_MS) res.end(' to /whoami')
      else setTimeout(poll, POLL_MS, waited + POLL_MS)
    }
    poll(0)
  })
  app.get('/whoami', (req, res) => {
    followUps++
    res.json({ user: req.session.user === undefined ? null : req.session.user })
  })
  app.use((err, req, res, next) => res.status(500).json({ error: err.message }))
  return { app, seen: () => followUps > 0 }
}

// What set is given is kept as JSON until it is written.
class LateStore extends session.Store {
  constructor (inner, until) {
    super()
    this.inner = inner
    this.until = until
  }

  get (id, callback) {
    this.inner.get(id, callback)
  }

  destroy (id, callback) {
    this.inner.destroy(id, callback)
  }

  set (id, sess, callback) {
    const json = JSON.stringify(sess)
    const write = (waited) => {
      if (!this.until || this.until() || waited >= UNTIL_LIMIT_MS) this.inner.set(id, JSON.parse(json), callback)
      else setTimeout(write, POLL_MS, waited + POLL_MS)
    }
    setTimeout(write, WRITE_DELAY_MS, 0)
  }
}

function lateStore (inner, until) {
  return new LateStore(inner, until)
}

class LateRedisStore extends session.RedisStore {
  set (id, sess, callback) {
    setTimeout(() => super.set(id, sess, callback), WRITE_DELAY_MS)
  }

  [WRITE_SESSION] (id, sess, created, callback) {
    setTimeout(() => super[WRITE_SESSION](id, sess, created, callback), WRITE_DELAY_MS)
  }
}

function lateRedisStore (options) {
  return new LateRedisStore(options)
}

module.exports = { loginApp, lateStore, lateRedisStore }
