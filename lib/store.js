'use strict'

// The base every session store extends (with `util.inherits` or `class extends`).

const EventEmitter = require('events').EventEmitter
const util = require('util')
const Cookie = require('./cookie')
const Session = require('./session')

function Store () {
  EventEmitter.call(this)
}

util.inherits(Store, EventEmitter)

// Replaces the request's session with a new one under a new ID; `generate` is installed
// on the store by the middleware.
Store.prototype.regenerate = function regenerate (req, fn) {
  const store = this
  this.destroy(req.sessionID, function (err) {
    store.generate(req)
    fn(err)
  })
}

// Loads a session by ID outside of a request.
Store.prototype.load = function load (sid, fn) {
  const store = this
  this.get(sid, function (err, sess) {
    if (err) return fn(err)
    if (!sess) return fn()
    const req = { sessionID: sid, sessionStore: store }
    fn(null, store.createSession(req, sess))
  })
}

// Turns session data read from the store into `req.session`.
Store.prototype.createSession = function createSession (req, sess) {
  const expires = sess.cookie.expires
  const originalMaxAge = sess.cookie.originalMaxAge

  sess.cookie = new Cookie(sess.cookie)
  if (typeof expires === 'string') sess.cookie.expires = new Date(expires)
  sess.cookie.originalMaxAge = originalMaxAge

  req.session = new Session(req, sess)
  return req.session
}

module.exports = Store
