'use strict'

// What the middleware knows about one request's session, and the work at its end.
//
// RequestTracker reaches the store only through its callback methods (get, set, touch,
// destroy), as express-session does; store-paths.js has the subclasses for stores the
// middleware can reach faster. The opt-in options are further subclasses stacked on top
// (tracker-class.js), so this class knows nothing of them. Their extension points are
// `readId`, `receive`, `load`, `wantsCookie`, `finish`, the `…ThenEnd` methods, `end` and
// `endAfter`, and the static `generated`.

const debug = require('debug')('express-session')
const native = require('./native')
const Session = require('./session')
const tracking = require('./tracking')
const { isSecure, readSessionId } = require('./request-cookie')
const { BIT, ACTION, ACTION_MASK, SET_COOKIE, decide } = require('./decision')
const { dataJson } = require('./session-json')
const { once, callStore } = require('./store-call')
const { holdUntilCheckPhase } = require('./hold-until-check')

const defer = setImmediate

function defineHidden (object, name, value) {
  Object.defineProperty(object, name, { configurable: true, enumerable: false, value, writable: true })
}

function wrapForeignSession (tracker, session) {
  const save = session.save
  const reload = session.reload
  if (typeof save === 'function') {
    defineHidden(session, 'save', function () {
      debug('saving %s', this.id)
      tracker.recordSave(this)
      save.apply(this, arguments)
    })
  }
  if (typeof reload === 'function') {
    defineHidden(session, 'reload', function (callback) {
      debug('reloading %s', this.id)
      const req = tracker.req
      reload.call(this, function () {
        if (req.session !== session && req.session != null) tracker.track(req.session)
        callback.apply(this, arguments)
      })
    })
  }
}

class RequestTracker {
  // A new session was made for a request (store.generate, also from regenerate).
  static generated (session) {}

  // `settings`: what every request of one middleware shares (see session()).
  constructor (req, res, next, settings, signer) {
    this.req = req
    this.res = res
    this.next = next
    this.settings = settings
    this.signer = signer
    this.cookieId = undefined
    this.originalId = undefined
    this.originalData = undefined
    this.savedData = undefined
    this.wasLoaded = false
    // The IDs this request knows to be in the store: the one it loaded, the last it saved.
    this.loadedId = undefined
    this.writtenId = undefined
    this.session = undefined
    this.touched = false
    this.ended = false
    this.failed = false
    // The session's JSON computed by end(), reused if the headers go out during end().
    this.endData = undefined
    this.endSession = undefined
    this.originalEnd = res.end
    this.originalWrite = res.write
  }

  // The session ID the request's cookie carries, set as req.sessionID.
  readId () {
    const settings = this.settings
    const id = this.req.sessionID = readSessionId(this.req, settings.name, this.signer, settings.deprecate)
    this.cookieId = id
    return id
  }

  tracks (session) {
    return this.session === session
  }

  track (session) {
    this.session = session
    if (session instanceof Session) return
    // A session built by another package's Store#createSession (a store that extends
    // express-session's Store) has that package's save and reload: wrap them on the
    // object, as express-session does, so an explicit save is known here.
    if (session !== null && typeof session === 'object') wrapForeignSession(this, session)
  }

  // `data`: the session's JSON without cookie, when the caller has just made it.
  recordSave (session, data = dataJson(session)) {
    this.savedData = data
    this.writtenId = session.id
  }

  // req.session.save() on the session this request tracks (and the end's save through it).
  saveExplicitly (session, callback, data) {
    debug('saving %s', session.id)
    this.recordSave(session, data)
    this.req.sessionStore.set(session.id, session, callback)
  }

  generate (cookieOptions) {
    this.settings.generateSession(this.req, cookieOptions)
    this.originalId = this.req.sessionID
    this.originalData = dataJson(this.req.session)
    this.track(this.req.session)
  }

  // Loads req.sessionID's session from the store, then receive()s it.
  fetch (cookieOptions) {
    const req = this.req
    const store = this.settings.store
    const onLoad = once((err, sess) => {
      if (err && err.code !== 'ENOENT') {
        debug('error %j', err)
        this.next(err)
        return
      }
      this.receive(err ? undefined : sess, cookieOptions)
    })
    callStore((callback) => store.get(req.sessionID, callback), onLoad)
  }

  // The store answered: `sess` is the stored session, or undefined when there is none;
  // `storedData`, when known, is the stored session's JSON without cookie.
  receive (sess, cookieOptions, storedData) {
    try {
      if (!sess) {
        debug('no session found')
        this.generate(cookieOptions)
      } else {
        debug('session found')
        this.load(sess, storedData)
      }
    } catch (err) {
      this.next(err)
      return
    }
    this.next()
  }

  load (sess, storedData) {
    const req = this.req
    this.settings.store.createSession(req, sess)
    this.originalId = req.sessionID
    // Of the stored object (as express-session hashes it), not of req.session: a member
    // the Session cannot take (`id`, a method's name) makes the session modified.
    this.originalData = storedData === undefined ? dataJson(sess) : storedData
    this.wasLoaded = true
    this.loadedId = req.sessionID
    this.track(req.session)
  }

  // The decision's input, packed; `data` is the session's current JSON without cookie.
  stateBits (data) {
    const req = this.req
    const sess = req.session
    const id = req.sessionID
    let bits = this.settings.staticBits
    if (typeof id === 'string') bits |= BIT.id_is_string
    if (id) bits |= BIT.id_truthy
    if (this.cookieId === id) bits |= BIT.from_request
    if (this.wasLoaded) bits |= BIT.loaded
    if (sess == null) return bits

    bits |= BIT.session_present
    const sessionId = sess.id
    if (this.originalId !== sessionId || this.originalData !== data) bits |= BIT.modified
    if (this.savedData !== undefined) {
      bits |= this.originalId === sessionId && this.savedData === data
        ? BIT.explicit_save_current
        : BIT.explicit_save_stale
    }
    if (sess.cookie != null && sess.cookie.expires != null) bits |= BIT.has_expiry
    return bits
  }

  beforeHeaders () {
    // After a failure, the error handler's response goes out untouched (and does not fail again).
    if (this.failed) return
    try {
      this.setCookieIfNeeded()
    } catch (err) {
      this.fail(err)
    }
  }

  // The session cannot be stored or its cookie set: the error goes to next, once.
  fail (err) {
    this.failed = true
    defer(this.next, err)
  }

  setCookieIfNeeded () {
    const req = this.req
    const sess = req.session
    if (!sess) {
      debug('no session')
      return
    }
    const data = this.endSession === sess ? this.endData : dataJson(sess)
    let bits = this.stateBits(data)
    if (!this.wantsCookie(bits)) return
    if (sess.cookie.secure && !isSecure(req, this.settings.proxy)) {
      bits |= BIT.secure_cookie_insecure_connection
      if (!(decide(bits) & SET_COOKIE)) {
        debug('not secured')
        return
      }
    }
    this.touchOnce(sess)
    this.setCookie(sess.cookie.data)
  }

  wantsCookie (bits) {
    return (decide(bits) & SET_COOKIE) !== 0
  }

  setCookie (data) {
    const res = this.res
    const header = native.serializeSessionCookie(this.signer, this.settings.name, this.req.sessionID, data)
    debug('set-cookie %s', header)
    const previous = res.getHeader('Set-Cookie') || []
    res.setHeader('Set-Cookie', Array.isArray(previous) ? previous.concat(header) : [previous, header])
  }

  end (chunk, encoding) {
    if (this.failed) return this.originalEnd.call(this.res, chunk, encoding)
    if (this.ended) return false
    this.ended = true

    const req = this.req
    const sess = req.session
    let data
    let action
    try {
      if (sess != null) {
        data = this.touchedData(sess)
        if (typeof req.sessionID !== 'string') this.reportBogusId()
      }
      action = this.storeAction(data)
    } catch (err) {
      // The session cannot be stored (data JSON cannot represent, `req.session` replaced by
      // something that is not a session): the error goes to next, whose response is sent.
      // express-session throws out of res.end here and the response never completes.
      this.fail(err)
      return false
    }
    this.endData = data
    this.endSession = sess
    try {
      return this.finish(action, chunk, encoding, data)
    } finally {
      this.endSession = undefined
    }
  }

  // The cookie is touched once per request, before the session is stored or its cookie set.
  touchOnce (sess) {
    if (!this.touched) {
      sess.touch()
      this.touched = true
    }
  }

  // The session's JSON without cookie as the store would get it now: its cookie touched first.
  touchedData (sess) {
    this.touchOnce(sess)
    return dataJson(sess)
  }

  // What the end of the response does with the store (ACTION) for the session's `data`.
  storeAction (data) {
    return decide(this.stateBits(data)) & ACTION_MASK
  }

  // express-session logs this once when deciding to save and again when deciding to touch.
  reportBogusId () {
    const id = this.req.sessionID
    debug('session ignored because of bogus req.sessionID %o', id)
    if (this.settings.staticBits & BIT.store_has_touch) debug('session ignored because of bogus req.sessionID %o', id)
  }

  finish (action, chunk, encoding, data) {
    switch (action) {
      case ACTION.DESTROY:
        debug('destroying')
        return this.destroyThenEnd(chunk, encoding)
      case ACTION.SAVE:
        return this.saveThenEnd(chunk, encoding, data)
      case ACTION.TOUCH:
        debug('touching')
        return this.touchThenEnd(chunk, encoding)
      default:
        if (this.req.session == null) debug('no session')
        return this.originalEnd.call(this.res, chunk, encoding)
    }
  }

  destroyThenEnd (chunk, encoding) {
    const req = this.req
    return this.endAfter(chunk, encoding, (done) => {
      req.sessionStore.destroy(req.sessionID, done)
    }, 'destroyed')
  }

  // Saves through the session's own save, as express-session does; when that is ours, what
  // it would do, with the JSON end() has already made.
  saveThenEnd (chunk, encoding, data) {
    const sess = this.req.session
    const ours = sess.save === Session.prototype.save && tracking.trackerOf(sess) === this
    return this.endAfter(chunk, encoding, ours
      ? (done) => this.saveExplicitly(sess, done, data)
      : (done) => sess.save(done))
  }

  touchThenEnd (chunk, encoding) {
    const req = this.req
    return this.endAfter(chunk, encoding, (done) => {
      req.sessionStore.touch(req.sessionID, req.session, done)
    }, 'touched')
  }

  // Writes `changes` (see concurrency-merge.js) with the store's `merge`.
  mergeThenEnd (chunk, encoding, sess, changes) {
    const store = this.settings.store
    return this.endAfter(chunk, encoding, (done) => {
      store.merge(sess.id, changes, sess, done)
    })
  }

  // Whether mergeThenEnd can write to this store.
  canMerge () {
    return typeof this.settings.store.merge === 'function'
  }

  // Destroys a session outside of the response; `then(err)` follows, once.
  destroyAside (id, then) {
    const done = once(then)
    try {
      this.settings.store.destroy(id, done)
    } catch (err) {
      done(err)
    }
  }

  // Runs a store operation while the response waits: everything but the end of the body
  // is written now, the end once the store calls back (so the client cannot see the
  // response complete before the session is stored).
  endAfter (chunk, encoding, operation, doneMessage) {
    const res = this.res
    const next = this.next
    const originalEnd = this.originalEnd
    const originalWrite = this.originalWrite
    let sync = true
    let ret

    const done = once(function (err) {
      if (err) defer(next, err)
      if (doneMessage) debug(doneMessage)
      if (sync) {
        ret = originalEnd.call(res, chunk, encoding)
        sync = false
        return
      }
      originalEnd.call(res)
    })
    callStore(operation, done)

    if (!sync) return ret
    if (!res._header) res._implicitHeader()
    if (chunk == null) return true
    holdUntilCheckPhase(res)

    const contentLength = Number(res.getHeader('Content-Length'))
    if (!isNaN(contentLength) && contentLength > 0) {
      // The declared length would let the client finish early: hold back the last byte.
      chunk = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding)
      encoding = undefined
      if (chunk.length !== 0) {
        debug('split response')
        ret = originalWrite.call(res, chunk.slice(0, chunk.length - 1))
        chunk = chunk.slice(chunk.length - 1, chunk.length)
        return ret
      }
    }
    ret = originalWrite.call(res, chunk, encoding)
    sync = false
    return ret
  }
}

module.exports = { RequestTracker }
