'use strict'

// The ways a request's session reaches its store, one RequestTracker subclass each beside
// the base class's callback path (chosen in tracker-class.js):
//   NativeStoreTracker   the native MemoryStore, called synchronously (`direct`)
//   GuardedStoreTracker  a store of this package that guards its writes (RedisStore)

const debug = require('debug')('express-session')
const Session = require('./session')
const Store = require('./store')
const tracking = require('./tracking')
const { direct } = require('./memory-store')
const { WRITE_SESSION } = require('./store-intent')
const { RequestTracker } = require('./request-tracker')
const { once, callStore } = require('./store-call')

const defer = setImmediate

function endResponse (res, originalEnd, chunk, encoding) {
  originalEnd.call(res, chunk, encoding)
}

class NativeStoreTracker extends RequestTracker {
  fetch (cookieOptions) {
    const store = this.settings.store
    const id = String(this.req.sessionID)
    const packed = direct.getPacked(store, id)
    if (packed === null) {
      this.receive(undefined, cookieOptions)
      return
    }
    // The text stands for the session object only if createSession leaves it as parsed.
    const storedData = store.createSession === Store.prototype.createSession ? direct.packedDataJson(packed) : undefined
    this.receive(direct.unpack(store, id, packed), cookieOptions, storedData)
  }

  destroyThenEnd (chunk, encoding) {
    direct.destroy(this.settings.store, String(this.req.sessionID))
    return this.endAfterDirectStore(chunk, encoding, 'destroyed')
  }

  saveThenEnd (chunk, encoding, data) {
    const sess = this.req.session
    if (sess.save !== Session.prototype.save) return super.saveThenEnd(chunk, encoding, data)
    if (this.tracks(sess)) debug('saving %s', sess.id)
    this.savedData = data
    direct.set(this.settings.store, String(sess.id), sess, data)
    return this.endAfterDirectStore(chunk, encoding)
  }

  touchThenEnd (chunk, encoding) {
    const req = this.req
    direct.touch(this.settings.store, String(req.sessionID), req.session)
    return this.endAfterDirectStore(chunk, encoding, 'touched')
  }

  mergeThenEnd (chunk, encoding, sess, changes) {
    direct.merge(this.settings.store, String(sess.id), sess, changes)
    return this.endAfterDirectStore(chunk, encoding)
  }

  canMerge () {
    return true
  }

  destroyAside (id, then) {
    direct.destroy(this.settings.store, String(id))
    then()
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
}

class GuardedStoreTracker extends RequestTracker {
  // The store is told whether this session was loaded (or already written by this
  // request) or created here.
  saveThenEnd (chunk, encoding, data) {
    const sess = this.req.session
    if (sess.save !== Session.prototype.save) return super.saveThenEnd(chunk, encoding, data)
    const store = this.settings.store
    const id = sess.id
    const created = id !== this.loadedId && id !== this.writtenId
    if (tracking.trackerOf(sess) === this) {
      debug('saving %s', id)
      this.recordSave(sess, data)
    }
    return this.endAfter(chunk, encoding, (done) => {
      store[WRITE_SESSION](id, sess, created, done, data)
    })
  }

  // The store always calls back asynchronously: as for any store, it is called first (so it
  // writes the session as end() found it, before any headers listener runs) and the headers
  // are fixed next; the response is written whole, in one write, once the store has answered
  // (the split write of RequestTracker#endAfter measured +16 µs per request over HTTP).
  endAfter (chunk, encoding, operation, doneMessage) {
    const res = this.res
    const next = this.next
    const originalEnd = this.originalEnd
    const done = once(function (err) {
      if (err) defer(next, err)
      if (doneMessage) debug(doneMessage)
      originalEnd.call(res, chunk, encoding)
    })
    callStore(operation, done)
    if (!res._header) res._implicitHeader()
    return true
  }
}

module.exports = { NativeStoreTracker, GuardedStoreTracker }
