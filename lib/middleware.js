'use strict'

// session(options): loads or creates `req.session`, sets the cookie when the headers go
// out, and saves, touches or destroys the session before the response completes.

const debug = require('debug')('express-session')
// Created here so that depd attributes warnings to the application's code, as express-session's.
const deprecate = require('depd')('express-session')
const onHeaders = require('on-headers')
const parseUrl = require('parseurl')
const Cookie = require('./cookie')
const Session = require('./session')
const Store = require('./store')
const native = require('./native')
const tracking = require('./tracking')
const { isDirect, direct } = require('./memory-store')
const { WRITE_SESSION } = require('./store-intent')
const { readOptions } = require('./options')
const { createSigner } = require('./secrets')
const { readSessionId } = require('./request-cookie')
const { BIT, ACTION, ACTION_MASK, SET_COOKIE, decide } = require('./decision')
const { dataJson } = require('./session-json')
const { prepareForProperties } = require('./property-mode')
const { once, callStore } = require('./store-call')
const { trackerClass } = require('./tracker-options')
const { createFeatures } = require('./features')

const defer = setImmediate

function isSecure (req, trustProxy) {
  if (req.connection && req.connection.encrypted) return true
  if (trustProxy === false) return false
  if (trustProxy !== true) return req.secure === true

  const header = req.headers['x-forwarded-proto'] || ''
  const comma = header.indexOf(',')
  const proto = comma === -1 ? header : header.substr(0, comma)
  return proto.toLowerCase().trim() === 'https'
}

// Whether the request's original pathname starts with the cookie's path.
function isUnderPath (req, path) {
  const url = typeof req.originalUrl === 'string' ? req.originalUrl : req.url
  // Every origin-form URL's pathname starts with '/': no need to parse it for that.
  if (path === '/' && typeof url === 'string' && url.charCodeAt(0) === 47) return true
  return (parseUrl.original(req).pathname || '/').indexOf(path) === 0
}

function session (options) {
  const config = readOptions(options, deprecate)
  const { store, name, proxy, cookie: cookieOption } = config
  const features = createFeatures(config, direct.destroy)
  const staticBits =
    (config.resave ? BIT.resave : 0) |
    (config.saveUninitialized ? BIT.save_uninitialized : 0) |
    (config.rolling ? BIT.rolling : 0) |
    (config.unsetDestroy ? BIT.unset_destroy : 0) |
    (typeof store.touch === 'function' ? BIT.store_has_touch : 0)

  function resolveCookieOptions (req) {
    return typeof cookieOption === 'function' ? cookieOption(req) : cookieOption
  }

  // A cookie option given as a function is called once per new session; 'auto' values
  // are read from what it returned. The middleware's own call hands over the options it
  // already resolved for the request, in a variable set only for the duration of that call.
  let pendingCookieOptions
  store.generate = function generate (req) {
    const cookieOptions = pendingCookieOptions === undefined ? resolveCookieOptions(req) : pendingCookieOptions
    pendingCookieOptions = undefined

    req.sessionID = config.generateId(req)
    req.session = new Session(req)
    req.session.cookie = new Cookie(cookieOptions)

    const secure = isSecure(req, proxy)
    if (cookieOptions.secure === 'auto') req.session.cookie.secure = secure
    if (cookieOptions.sameSite === 'auto') req.session.cookie.sameSite = secure ? 'none' : 'lax'
    if (features.afterGenerate !== undefined) features.afterGenerate(req.session)
  }

  let storeReady = true
  store.on('disconnect', function ondisconnect () {
    storeReady = false
  })
  store.on('connect', function onconnect () {
    storeReady = true
  })

  let lastRequestSecret
  let lastRequestSigner
  function signerFor (req) {
    if (config.signer) return config.signer
    if (req.secret !== lastRequestSecret) {
      lastRequestSigner = createSigner([req.secret])
      lastRequestSecret = req.secret
    }
    return lastRequestSigner
  }

  function generateSession (req, cookieOptions) {
    pendingCookieOptions = cookieOptions
    try {
      store.generate(req)
    } finally {
      pendingCookieOptions = undefined
    }
  }

  // A store of this package that guards its writes (RedisStore), known once, as staticBits.
  const guardsWrites = typeof store[WRITE_SESSION] === 'function'
  const settings = { store, name, proxy, staticBits, generateSession, features, guardsWrites }
  // The opt-in options that change the end of the response choose their tracker once, here.
  const Tracker = trackerClass(RequestTracker, config)

  return function session (req, res, next) {
    if (req.session) {
      next()
      return
    }
    if (!storeReady) {
      debug('store is disconnected')
      next()
      return
    }

    const cookieOptions = resolveCookieOptions(req)
    if (!isUnderPath(req, cookieOptions.path || '/')) {
      debug('pathname mismatch')
      next()
      return
    }
    if (!config.signer && !req.secret) {
      next(new Error('secret option required for sessions'))
      return
    }

    const signer = signerFor(req)
    if (signer === undefined) {
      // express-session fails such a request when HMAC rejects the key; so does this.
      next(new TypeError('req.secret must be a string or a Buffer'))
      return
    }
    if (config.dictionaryProperties) prepareForProperties(req, res)
    const tracker = new Tracker(req, res, next, settings, signer)
    tracking.attach(req, tracker)
    req.sessionStore = store
    const cookieId = req.sessionID = readSessionId(req, name, tracker.signer, deprecate)
    tracker.cookieId = cookieId
    if (features.afterReadId !== undefined) features.afterReadId(tracker)

    onHeaders(res, function () {
      tracker.beforeHeaders()
    })
    res.end = function end (chunk, encoding) {
      return tracker.end(chunk, encoding)
    }

    if (!req.sessionID) {
      debug('no SID sent, generating session')
      tracker.generate(cookieOptions)
      next()
      return
    }

    debug('fetching %s', req.sessionID)
    if (tracker.direct) {
      const id = String(req.sessionID)
      const packed = direct.getPacked(store, id)
      if (packed === null) {
        tracker.receive(undefined, cookieOptions)
        return
      }
      // The text stands for the session object only if createSession leaves it as parsed.
      const storedData = store.createSession === Store.prototype.createSession ? direct.packedDataJson(packed) : undefined
      tracker.receive(direct.unpack(store, id, packed), cookieOptions, storedData)
      return
    }
    const onLoad = once(function (err, sess) {
      if (err && err.code !== 'ENOENT') {
        debug('error %j', err)
        next(err)
        return
      }
      tracker.receive(err ? undefined : sess, cookieOptions)
    })
    callStore((callback) => store.get(req.sessionID, callback), onLoad)
  }
}

function endResponse (res, originalEnd, chunk, encoding) {
  originalEnd.call(res, chunk, encoding)
}

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

// What the middleware knows about one request's session, and the work at its end.
class RequestTracker {
  // `settings`: what every request of one middleware shares (see session()).
  constructor (req, res, next, settings, signer) {
    this.req = req
    this.res = res
    this.next = next
    this.settings = settings
    this.signer = signer
    this.direct = isDirect(settings.store)
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
    // Set by the opt-in features (features/index.js) only.
    this.reissueCookie = false
    this.touchedRecently = false
    this.ended = false
    this.failed = false
    // The session's JSON computed by end(), reused if the headers go out during end().
    this.endData = undefined
    this.endSession = undefined
    this.originalEnd = res.end
    this.originalWrite = res.write
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

  recordSave (session) {
    this.savedData = dataJson(session)
    this.writtenId = session.id
  }

  generate (cookieOptions) {
    this.settings.generateSession(this.req, cookieOptions)
    this.originalId = this.req.sessionID
    this.originalData = dataJson(this.req.session)
    this.track(this.req.session)
  }

  // The store answered: `sess` is the stored session, or undefined when there is none;
  // `storedData`, when known, is the stored session's JSON without cookie.
  receive (sess, cookieOptions, storedData) {
    const req = this.req
    const features = this.settings.features
    if (sess && features.takeOverLoad !== undefined &&
      features.takeOverLoad(this, sess, () => this.receive(undefined, cookieOptions))) return
    try {
      if (!sess) {
        debug('no session found')
        this.generate(cookieOptions)
      } else {
        debug('session found')
        this.settings.store.createSession(req, sess)
        this.originalId = req.sessionID
        // Of the stored object (as express-session hashes it), not of req.session: a member
        // the Session cannot take (`id`, a method's name) makes the session modified.
        this.originalData = storedData === undefined ? dataJson(sess) : storedData
        this.wasLoaded = true
        this.loadedId = req.sessionID
        this.track(req.session)
        if (features.afterLoad !== undefined) features.afterLoad(this)
      }
    } catch (err) {
      this.next(err)
      return
    }
    this.next()
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
    if (!(decide(bits) & SET_COOKIE) && !this.reissuesCookie(bits)) return
    if (sess.cookie.secure && !isSecure(req, this.settings.proxy)) {
      bits |= BIT.secure_cookie_insecure_connection
      if (!(decide(bits) & SET_COOKIE)) {
        debug('not secured')
        return
      }
    }
    if (!this.touched) {
      sess.touch()
      this.touched = true
    }
    this.setCookie(sess.cookie.data)
  }

  // `rotateSecrets`: the cookie of a stored session that verified with an older secret.
  reissuesCookie (bits) {
    const needed = BIT.from_request | BIT.loaded | BIT.session_present
    return this.reissueCookie && (bits & needed) === needed
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
      action = decide(this.stateBits(data)) & ACTION_MASK
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

  // The session's JSON without cookie, its cookie touched first (once), as at the end.
  touchedData (sess) {
    if (!this.touched) {
      sess.touch()
      this.touched = true
    }
    return dataJson(sess)
  }

  // express-session logs this once when deciding to save and again when deciding to touch.
  reportBogusId () {
    const id = this.req.sessionID
    debug('session ignored because of bogus req.sessionID %o', id)
    if (this.settings.staticBits & BIT.store_has_touch) debug('session ignored because of bogus req.sessionID %o', id)
  }

  finish (action, chunk, encoding, data) {
    const sess = this.req.session

    switch (action) {
      case ACTION.DESTROY:
        debug('destroying')
        return this.destroyThenEnd(chunk, encoding)
      case ACTION.SAVE:
        return this.saveThenEnd(chunk, encoding, data)
      case ACTION.TOUCH:
        if (this.touchedRecently) {
          debug('touch skipped: touched less than touchAfter ago')
          return this.originalEnd.call(this.res, chunk, encoding)
        }
        debug('touching')
        return this.touchThenEnd(chunk, encoding)
      default:
        if (sess == null) debug('no session')
        return this.originalEnd.call(this.res, chunk, encoding)
    }
  }

  destroyThenEnd (chunk, encoding) {
    const req = this.req
    if (this.direct) {
      direct.destroy(this.settings.store, String(req.sessionID))
      return this.endAfterDirectStore(chunk, encoding, 'destroyed')
    }
    return this.endAfter(chunk, encoding, (done) => {
      req.sessionStore.destroy(req.sessionID, done)
    }, 'destroyed')
  }

  saveThenEnd (chunk, encoding, data) {
    const sess = this.req.session
    if (this.direct && sess.save === Session.prototype.save) {
      if (this.tracks(sess)) debug('saving %s', sess.id)
      this.savedData = data
      direct.set(this.settings.store, String(sess.id), sess, data)
      return this.endAfterDirectStore(chunk, encoding)
    }
    const store = this.settings.store
    if (this.settings.guardsWrites && sess.save === Session.prototype.save) {
      // A store that can guard its writes is told whether this session was loaded (or
      // already written by this request) or created here.
      const id = sess.id
      const created = id !== this.loadedId && id !== this.writtenId
      if (tracking.trackerOf(sess) === this) {
        debug('saving %s', id)
        this.recordSave(sess)
      }
      return this.endAfter(chunk, encoding, (done) => {
        store[WRITE_SESSION](id, sess, created, done)
      })
    }
    return this.endAfter(chunk, encoding, (done) => {
      sess.save(done)
    })
  }

  touchThenEnd (chunk, encoding) {
    const req = this.req
    if (this.direct) {
      direct.touch(this.settings.store, String(req.sessionID), req.session)
      return this.endAfterDirectStore(chunk, encoding, 'touched')
    }
    return this.endAfter(chunk, encoding, (done) => {
      req.sessionStore.touch(req.sessionID, req.session, done)
    }, 'touched')
  }

  // The native store has already done its work, so the response is written in one go.
  // Its headers are fixed first, as express-session fixes them before waiting for the
  // store: a body without Content-Length then goes out chunked, as it always has, and
  // the debug lines come in the same order. The write itself waits for the check phase,
  // as it does behind express-session's MemoryStore (whose callbacks are deferred): the
  // responses of one event-loop turn then go out together after the turn's reads, which
  // over HTTP measured faster than writing from inside the parser's callback or splitting
  // the write (see the README's benchmarks). Like express-session's end while a store
  // works, this returns true.
  endAfterDirectStore (chunk, encoding, doneMessage) {
    const res = this.res
    if (!res._header) res._implicitHeader()
    if (doneMessage) debug(doneMessage)
    defer(endResponse, res, this.originalEnd, chunk, encoding)
    return true
  }

  // A store of this package (RedisStore) always calls back asynchronously: its headers are
  // fixed now, as for any store, and the response is written whole, in one write, once the
  // store has answered (the split write of endAfter measured +16 µs per request over HTTP).
  endWhole (chunk, encoding, operation, doneMessage) {
    const res = this.res
    const next = this.next
    const originalEnd = this.originalEnd
    if (!res._header) res._implicitHeader()
    const done = once(function (err) {
      if (err) defer(next, err)
      if (doneMessage) debug(doneMessage)
      originalEnd.call(res, chunk, encoding)
    })
    callStore(operation, done)
    return true
  }

  // Runs a store operation while the response waits: everything but the end of the body
  // is written now, the end once the store calls back (so the client cannot see the
  // response complete before the session is stored).
  endAfter (chunk, encoding, operation, doneMessage) {
    if (this.settings.guardsWrites) return this.endWhole(chunk, encoding, operation, doneMessage)
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

module.exports = session
