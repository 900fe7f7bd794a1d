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
const tracking = require('./tracking')
const { isDirect } = require('./memory-store')
const { readOptions } = require('./options')
const { createSigner } = require('./secrets')
const { isSecure } = require('./request-cookie')
const { BIT } = require('./decision')
const { prepareForProperties } = require('./property-mode')
const { trackerClasses } = require('./tracker-class')

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
  // The opt-in options and the store's path choose the tracker classes once, here.
  const { native: NativeTracker, other: Tracker } = trackerClasses(config)
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
    Tracker.generated(req.session)
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

  const { absoluteTimeout, touchAfter } = config
  const settings = { store, name, proxy, staticBits, generateSession, deprecate, absoluteTimeout, touchAfter }

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
    // Whether the native store is reached directly is known only per request: an
    // application may replace a MemoryStore's methods at any time.
    const tracker = NativeTracker !== undefined && isDirect(store)
      ? new NativeTracker(req, res, next, settings, signer)
      : new Tracker(req, res, next, settings, signer)
    tracking.attach(req, tracker)
    req.sessionStore = store
    tracker.readId()

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
    tracker.fetch(cookieOptions)
  }
}

module.exports = session
