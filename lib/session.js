'use strict'

// `req.session`: the session's data as own enumerable properties, with its `id`, `req`
// and methods kept out of JSON and `for…in`.

const debug = require('debug')('express-session')
const tracking = require('./tracking')
const { promised } = require('./session-promises')
const { membersToKeep, restoreMembers } = require('./features/regenerate-keep')

function noop () {}

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
// express-session's wrappers of them do; on any other session they return it. Without a
// callback, each method returns a Promise instead (see session-promises.js).
defineMethod('save', function save (fn) {
  const tracker = tracking.trackerOf(this)
  const write = tracker
    ? (callback) => tracker.saveExplicitly(this, callback)
    : (callback) => this.req.sessionStore.set(this.id, this, callback)
  if (fn == null) return promised(write)
  write(fn || noop)
  return tracker ? undefined : this
})

defineMethod('reload', function reload (fn) {
  const session = this
  const req = this.req
  const store = req.sessionStore
  const tracker = tracking.trackerOf(this)
  if (tracker) debug('reloading %s', this.id)

  const load = function (callback) {
    store.get(session.id, function (err, sess) {
      if (err) return callback(err)
      if (!sess) return callback(new Error('failed to load session'))
      store.createSession(req, sess)
      if (tracker && req.session !== session) tracker.track(req.session)
      callback()
    })
  }
  if (fn == null) return promised(load, () => req.session)
  load(fn)
  return tracker ? undefined : this
})

defineMethod('destroy', function destroy (fn) {
  const req = this.req
  delete req.session
  if (fn == null) return promised((callback) => req.sessionStore.destroy(this.id, callback))
  req.sessionStore.destroy(this.id, fn)
  return this
})

// regenerate(fn), or regenerate(options, fn) with `options.keep` (see regenerate-keep.js).
defineMethod('regenerate', function regenerate (options, fn) {
  if (options === null || typeof options !== 'object') return regenerateKeeping(this, undefined, options)
  return regenerateKeeping(this, membersToKeep(this, options), fn)
})

function regenerateKeeping (session, kept, fn) {
  const req = session.req
  const store = req.sessionStore
  const run = kept === undefined
    ? (callback) => store.regenerate(req, callback)
    : (callback) => store.regenerate(req, function regenerated (err) {
        restoreMembers(req.session, kept)
        callback(err)
      })
  if (fn == null) return promised(run, () => req.session)
  run(fn)
  return session
}

module.exports = Session
