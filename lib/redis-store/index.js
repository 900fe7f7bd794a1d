'use strict'

// RedisStore: sessions in Redis, Valkey or a Redis Cluster, in connect-redis 9's format (key
// `prefix + id`, value the session's JSON, expiry from cookie.expires or `ttl`), so that a
// deployment can switch between the two with live sessions. The connection, the commands
// and the parsing of answers are native (src/redis_store): each operation is one native
// call, answered by one callback. Callbacks are optional; without one a Promise is returned,
// as connect-redis's methods return one.
//
// Beyond connect-redis: the middleware's own save of a session the request loaded is
// `SET … XX` (a session destroyed meanwhile stays destroyed) and of a session it created
// `SET … NX` (an ID in use is never overwritten; the save fails instead). `touch` is
// `EXPIRE`, which never creates a key. The public `set` is connect-redis's plain `SET`.
// `merge` (the middleware's `concurrency: 'merge'`) patches the stored session on the server.

const debug = require('debug')('express-session')
const Store = require('../store')
const binding = require('../../binding.js')
const { CONSTANTS } = require('../native')
const { WRITE_SESSION } = require('../store-intent')
const { readOptions } = require('./options')
const { patchTexts } = require('../merge-patch')
const { sessionJson } = require('../session-json')
const { InFlight } = require('./in-flight')

const defer = setImmediate
const ANSWER = Object.freeze({
  NOTHING: CONSTANTS.redisNothing,
  TEXT: CONSTANTS.redisText,
  LIST: CONSTANTS.redisList,
  COUNT: CONSTANTS.redisCount,
  CONNECTION: CONSTANTS.redisConnection,
  TIMEOUT: CONSTANTS.redisTimeout,
  COMMAND: CONSTANTS.redisCommand,
  COLLISION: CONSTANTS.redisCollision
})
const MODE = Object.freeze({
  PLAIN: CONSTANTS.redisWritePlain,
  EXISTING: CONSTANTS.redisWriteExisting,
  NEW: CONSTANTS.redisWriteNew
})
const SCAN = Object.freeze({
  IDS: CONSTANTS.redisScanIds,
  ALL: CONSTANTS.redisScanAll,
  LENGTH: CONSTANTS.redisScanLength,
  CLEAR: CONSTANTS.redisScanClear
})
// A merge's answer when the stored text is not a JSON object (core/src/redis_merge.rs).
const MERGE_UNMERGEABLE = CONSTANTS.redisMergeUnmergeable

function storeError (code, message) {
  const err = new Error(message)
  err.code = code
  return err
}

function failure (kind, text) {
  switch (kind) {
    case ANSWER.CONNECTION: return storeError('ERR_REDIS_CONNECTION', `Redis is not reachable: ${text}`)
    case ANSWER.TIMEOUT: return storeError('ERR_REDIS_TIMEOUT', 'Redis did not answer within commandTimeout')
    case ANSWER.COLLISION: return storeError('ERR_SESSION_ID_COLLISION', 'a new session\'s ID is already in use in Redis')
    default: return storeError('ERR_REDIS_COMMAND', `Redis: ${text}`)
  }
}

// What a callback-or-promise method answers through: `cb` if given, else a new Promise.
function settle (cb) {
  if (typeof cb === 'function') return { cb, promise: undefined }
  let cb2
  const promise = new Promise((resolve, reject) => {
    cb2 = (err, value) => (err ? reject(err) : resolve(value))
  })
  return { cb: cb2, promise }
}

// A callback that throws is reported as an uncaught exception, as from any I/O callback,
// not swallowed by the native dispatch.
function invoke (cb, err, value) {
  try {
    cb(err, value)
  } catch (thrown) {
    process.nextTick(() => { throw thrown })
  }
}

// cookie.expires as ms since epoch: NaN when there is none (the default ttl applies),
// -Infinity when it is not a date (connect-redis's NaN TTL: the session is deleted).
function expiresMs (sess) {
  const expires = sess && sess.cookie && sess.cookie.expires
  if (!expires) return NaN
  const ms = Number(new Date(expires))
  return Number.isNaN(ms) ? -Infinity : ms
}

class RedisStore extends Store {
  #config
  #handle
  #pending = new InFlight()
  #connected = true
  #closed = false
  #probeDelay = 0
  #probeTimer = null
  #flushing = false
  #flush = () => {
    this.#flushing = false
    if (!this.#closed) binding.redisFlush(this.#handle)
  }

  constructor (options) {
    super()
    const config = readOptions(options)
    this.#config = config
    this.prefix = config.prefix
    this.ttl = config.ttl
    this.disableTTL = config.disableTTL
    this.disableTouch = config.disableTouch
    this.scanCount = config.scanCount
    this.serializer = config.serializer
    this.#handle = binding.redisOpen(
      config.urls, config.cluster, config.prefix,
      typeof config.ttl === 'number' ? config.ttl : 86400,
      config.disableTTL, config.commandTimeout, config.connectTimeout,
      config.tls.ca, config.tls.cert, config.tls.key,
      (seqs, kinds, texts, lists, counts) => {
        for (let i = 0; i < seqs.length; i++) this.#answer(seqs[i], kinds[i], texts[i], lists[i], counts[i])
      }
    )
  }

  // Starts one native operation; `start(handle, seq)` makes the call.
  #call (cb, start) {
    if (this.#closed) return defer(invoke, cb, storeError('ERR_REDIS_CLOSED', 'the RedisStore is closed'))
    if (this.#pending.size >= this.#config.maxQueue) {
      return defer(invoke, cb, storeError('ERR_REDIS_QUEUE_FULL', `more than ${this.#config.maxQueue} Redis operations are waiting`))
    }
    const seq = this.#pending.add(cb)
    try {
      start(this.#handle, seq)
    } catch (err) {
      this.#pending.take(seq)
      defer(invoke, cb, err)
      return
    }
    // The operations of one event-loop turn go to the Redis thread together, in the check
    // phase: one wake-up of that thread (and, on a busy core, one context switch) for all.
    if (!this.#flushing) {
      this.#flushing = true
      defer(this.#flush)
    }
  }

  #answer (seq, kind, text, list, count) {
    const cb = this.#pending.take(seq)
    if (cb === undefined) return
    if (this.#pending.size === 0 && !this.#closed) binding.redisIdle(this.#handle)
    switch (kind) {
      case ANSWER.NOTHING: this.#reached(); return invoke(cb, null, null)
      case ANSWER.TEXT: this.#reached(); return invoke(cb, null, text)
      case ANSWER.LIST: this.#reached(); return invoke(cb, null, list)
      case ANSWER.COUNT: this.#reached(); return invoke(cb, null, count)
      case ANSWER.CONNECTION:
      case ANSWER.TIMEOUT:
        this.#lost()
        return invoke(cb, failure(kind, text))
      default:
        this.#reached()
        return invoke(cb, failure(kind, text))
    }
  }

  // Redis stopped answering: the middleware is told (it lets requests through without a
  // session meanwhile, as with any store) and Redis is pinged with backoff until it answers.
  #lost () {
    if (!this.#connected || this.#closed) return
    this.#connected = false
    this.#probeDelay = this.#config.reconnectMinDelay
    debug('redis store disconnected')
    this.emit('disconnect')
    this.#scheduleProbe()
  }

  #reached () {
    if (this.#connected) return
    this.#connected = true
    if (this.#probeTimer) clearTimeout(this.#probeTimer)
    this.#probeTimer = null
    debug('redis store connected')
    this.emit('connect')
  }

  #scheduleProbe () {
    if (this.#closed || this.#connected || this.#probeTimer) return
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = null
      this.#call((err) => {
        if (!err) return
        this.#probeDelay = Math.min(this.#probeDelay * 2, this.#config.reconnectMaxDelay)
        this.#scheduleProbe()
      }, (handle, seq) => binding.redisPing(handle, seq))
    }, this.#probeDelay)
    this.#probeTimer.unref()
  }

  #explicitTtl (sess) {
    return typeof this.ttl === 'function' ? Number(this.ttl(sess)) : NaN
  }

  // `data`, when given, is dataJson(sess) (see ../store-intent.js).
  #write (sid, sess, mode, callback, data) {
    const { cb, promise } = settle(callback)
    let json
    let ttl
    try {
      ttl = this.#explicitTtl(sess)
      // A `ttl` function has just run on the session: what `data` says of it may be stale.
      const hint = typeof this.ttl === 'function' ? undefined : data
      json = this.serializer === JSON ? sessionJson(sess, hint) : this.serializer.stringify(sess)
    } catch (err) {
      defer(invoke, cb, err)
      return promise
    }
    const expires = expiresMs(sess)
    const now = Date.now()
    this.#call(cb, (handle, seq) => binding.redisSet(handle, seq, String(sid), json, ttl, expires, now, mode))
    return promise
  }

  get (sid, callback) {
    const { cb, promise } = settle(callback)
    const serializer = this.serializer
    this.#call(function (err, text) {
      if (err || !text) return cb(err, null)
      let sess
      try {
        sess = serializer.parse(text)
      } catch (parseErr) {
        return cb(parseErr, null)
      }
      cb(null, sess)
    }, (handle, seq) => binding.redisGet(handle, seq, String(sid)))
    return promise
  }

  set (sid, sess, callback) {
    return this.#write(sid, sess, MODE.PLAIN, callback)
  }

  // The middleware's save: `created` tells a session the request created (NX) from one it
  // loaded (XX). A loaded session destroyed meanwhile is not written back.
  [WRITE_SESSION] (sid, sess, created, callback, data) {
    return this.#write(sid, sess, created ? MODE.NEW : MODE.EXISTING, callback, data)
  }

  // The middleware's `concurrency: 'merge'` (see ../concurrency-merge.js): `changes` is
  // { set: { name: value, … }, unset: [name, …] }, applied with `sess`'s cookie onto the
  // session as stored, by a script Redis runs atomically: overlapping requests each keep what
  // they changed. A session no longer stored stays gone, as with a loaded session's write.
  // With a custom serializer, or a stored text that is not a JSON object, the whole session is
  // written instead (SET … XX).
  merge (sid, changes, sess, callback) {
    const cookie = sess !== null && typeof sess === 'object' ? sess.cookie : undefined
    const patch = this.serializer === JSON && cookie !== null && typeof cookie === 'object' ? patchTexts(changes) : undefined
    if (patch === undefined) return this[WRITE_SESSION](sid, sess, false, callback)
    const { cb, promise } = settle(callback)
    let ttl
    let cookieJson
    try {
      ttl = this.#explicitTtl(sess)
      cookieJson = JSON.stringify(cookie)
    } catch (err) {
      defer(invoke, cb, err)
      return promise
    }
    const expires = expiresMs(sess)
    const now = Date.now()
    this.#call((err, found) => {
      if (err) return cb(err)
      if (found === MERGE_UNMERGEABLE) return this[WRITE_SESSION](sid, sess, false, cb)
      cb(null, null)
    }, (handle, seq) => binding.redisMerge(handle, seq, String(sid), cookieJson, patch.set, patch.unset, ttl, expires, now))
    return promise
  }

  touch (sid, sess, callback) {
    const { cb, promise } = settle(callback)
    if (this.disableTouch || this.disableTTL) {
      defer(invoke, cb, null, null)
      return promise
    }
    let ttl
    try {
      ttl = this.#explicitTtl(sess)
    } catch (err) {
      defer(invoke, cb, err)
      return promise
    }
    const expires = expiresMs(sess)
    const now = Date.now()
    this.#call(cb, (handle, seq) => binding.redisTouch(handle, seq, String(sid), ttl, expires, now))
    return promise
  }

  destroy (sid, callback) {
    const { cb, promise } = settle(callback)
    this.#call(cb, (handle, seq) => binding.redisDestroy(handle, seq, String(sid)))
    return promise
  }

  #scan (what, cb) {
    const count = Number(this.scanCount)
    this.#call(cb, (handle, seq) => binding.redisScan(handle, seq, what, count))
  }

  // Every session, with `id` set to its ID, as connect-redis's `all`.
  all (callback) {
    const { cb, promise } = settle(callback)
    const serializer = this.serializer
    this.#scan(SCAN.ALL, function (err, pairs) {
      if (err) return cb(err, null)
      const sessions = []
      try {
        for (let i = 0; i < pairs.length; i += 2) {
          const sess = serializer.parse(pairs[i + 1])
          sess.id = pairs[i]
          sessions.push(sess)
        }
      } catch (parseErr) {
        return cb(parseErr, null)
      }
      cb(null, sessions)
    })
    return promise
  }

  ids (callback) {
    const { cb, promise } = settle(callback)
    this.#scan(SCAN.IDS, cb)
    return promise
  }

  length (callback) {
    const { cb, promise } = settle(callback)
    this.#scan(SCAN.LENGTH, cb)
    return promise
  }

  clear (callback) {
    const { cb, promise } = settle(callback)
    this.#scan(SCAN.CLEAR, cb)
    return promise
  }

  // Closes the connection. Operations still waiting fail with ERR_REDIS_CLOSED.
  close (callback) {
    const { cb, promise } = settle(callback)
    if (!this.#closed) {
      this.#closed = true
      if (this.#probeTimer) clearTimeout(this.#probeTimer)
      this.#probeTimer = null
      binding.redisClose(this.#handle)
      const waiting = this.#pending.drain()
      for (const waiter of waiting) defer(invoke, waiter, storeError('ERR_REDIS_CLOSED', 'the RedisStore is closed'))
    }
    defer(invoke, cb, null, null)
    return promise
  }
}

module.exports = { RedisStore }
