'use strict'

// `req.session`: the session's data as own enumerable properties, with its `id`, `req`
// and methods kept out of JSON and `for…in`.

const debug = require('debug')('express-session')
const tracking = require('./tracking')

function Session (req, data) {
  Object.defineProperty(this, 'req', { value: req })
  Object.defineProperty(this, 'id', { value: req.sessionID })

  if (typeof data === 'object' && data !== null) {
    for (const prop in data) {
      if (!(prop in this)) this[prop] = data[prop]
    }
  }
}

function defineMethod (name, fn) {
  Object.defineProperty(Session.prototype, name, {
    configurable: true,
    enumerable: false,
    value: fn,
    writable: true
  })
}

defineMethod('touch', function touch () {
  return this.resetMaxAge()
})

defineMethod('resetMaxAge', function resetMaxAge () {
  this.cookie.maxAge = this.cookie.originalMaxAge
  return this
})

// On the session the middleware handed out, save() and reload() return undefined, as
// express-session's wrappers of them do; on any other session they return it.
defineMethod('save', function save (fn) {
  const tracker = tracking.trackerOf(this)
  if (tracker) {
    debug('saving %s', this.id)
    tracker.recordSave(this)
  }
  this.req.sessionStore.set(this.id, this, fn || function () {})
  return tracker ? undefined : this
})

defineMethod('reload', function reload (fn) {
  const session = this
  const req = this.req
  const store = req.sessionStore
  const tracker = tracking.trackerOf(this)
  if (tracker) debug('reloading %s', this.id)

  store.get(this.id, function (err, sess) {
    if (err) return fn(err)
    if (!sess) return fn(new Error('failed to load session'))
    store.createSession(req, sess)
    if (tracker && req.session !== session) tracker.track(req.session)
    fn()
  })
  return tracker ? undefined : this
})

defineMethod('destroy', function destroy (fn) {
  delete this.req.session
  this.req.sessionStore.destroy(this.id, fn)
  return this
})

defineMethod('regenerate', function regenerate (fn) {
  this.req.sessionStore.regenerate(this.req, fn)
  return this
})

module.exports = Session
