'use strict'

// `saveBeforeHeaders: true`: nothing of a response leaves before the store has its session.
//
// Without it (as in express-session) the status line and headers go out as soon as they are
// written and only the end of the body waits for the store, so a browser that follows a
// redirect the moment it sees the headers can ask for the session before it is stored
// (expressjs/session#360, #660, #167). With it:
//
// - At `res.end`, the headers are fixed at once (so the framing is what it would have been)
//   but not a byte is sent until the store calls back; then the whole response goes out.
// - At the first `res.write` or `res.flushHeaders` (a streamed response), the session is
//   stored as it stands then, before that first byte; what the application writes
//   meanwhile is queued (`write` returns false and 'drain' follows). Should the application
//   change the session after that, the end of the response stores it again, as it would
//   without the option; that write cannot precede headers already sent. A streamed body
//   is thus delayed by one store call, never buffered beyond what is written during it.
//
// The native MemoryStore stores synchronously, so with it only a streamed response waits,
// for the length of that call.

const debug = require('debug')('express-session')
const { ACTION } = require('./decision')
const { once, callStore } = require('./store-call')

const defer = setImmediate

// `storedEarly` when storing at the first byte could not be decided (the session cannot be
// serialized): the end of the response then fails as it would without the option.
const UNDECIDED = null

function withSaveBeforeHeaders (Tracker) {
  return class SaveBeforeHeadersTracker extends Tracker {
    constructor (req, res, next, settings, signer) {
      super(req, res, next, settings, signer)
      // Output queued while the store works, as calls to replay in order.
      this.held = undefined
      // While finish() does the store work of the first byte: what follows once it is done.
      this.resume = undefined
      this.owesDrain = false
      // The session as it was stored at the first byte: { session, id, json }.
      this.storedEarly = undefined
      this.originalFlushHeaders = res.flushHeaders
      const tracker = this
      res.write = function write () {
        return tracker.write(arguments)
      }
      res.flushHeaders = function flushHeaders () {
        tracker.flushHeaders()
      }
    }

    write (args) {
      if (this.mustWait()) {
        const res = this.res
        const originalWrite = this.originalWrite
        this.held.push(() => originalWrite.apply(res, args))
        this.owesDrain = true
        return false
      }
      return this.originalWrite.apply(this.res, args)
    }

    flushHeaders () {
      const res = this.res
      const originalFlushHeaders = this.originalFlushHeaders
      if (this.mustWait()) {
        this.held.push(() => {
          originalFlushHeaders.call(res)
          return true
        })
        return
      }
      originalFlushHeaders.call(res)
    }

    end (chunk, encoding) {
      if (this.held !== undefined) {
        this.held.push(() => {
          this.end(chunk, encoding)
          return true
        })
        return true
      }
      const early = this.storedEarly
      if (early && !this.ended && !this.failed && this.unchangedSince(early)) {
        this.ended = true
        return this.originalEnd.call(this.res, chunk, encoding)
      }
      return super.end(chunk, encoding)
    }

    // Whether output must wait for the store; starts the store work at the first byte.
    mustWait () {
      if (this.held !== undefined) return true
      if (this.storedEarly !== undefined || this.failed || this.ended) return false
      this.storeBeforeFirstByte()
      return this.held !== undefined
    }

    // What end() would store now, stored now: the response waits in `held` until done.
    storeBeforeFirstByte () {
      const req = this.req
      const sess = req.session
      let data
      let action
      try {
        if (sess != null) data = this.touchedData(sess)
        action = this.storeAction(data)
        this.storedEarly = { session: sess, id: req.sessionID, json: sess == null ? undefined : JSON.stringify(sess) }
      } catch {
        this.storedEarly = UNDECIDED
        return
      }
      if (action === ACTION.NOTHING) return
      this.held = []
      this.resume = () => this.release()
      // finish() ends the response when it has no store work after all: here that means
      // the output goes on, and the end comes when the application ends it.
      const originalEnd = this.originalEnd
      this.originalEnd = () => {
        const resume = this.takeResume()
        if (resume !== undefined) resume()
        return true
      }
      try {
        this.finish(action, undefined, undefined, data)
      } finally {
        this.originalEnd = originalEnd
      }
    }

    takeResume () {
      const resume = this.resume
      this.resume = undefined
      return resume
    }

    unchangedSince (early) {
      const req = this.req
      const sess = req.session
      if (sess !== early.session || req.sessionID !== early.id) return false
      if (sess == null) return true
      try {
        return JSON.stringify(sess) === early.json
      } catch {
        return false
      }
    }

    // The store has the session: the queued output goes out.
    release () {
      const held = this.held
      this.held = undefined
      let writable = true
      for (const call of held) writable = call()
      if (this.owesDrain) {
        this.owesDrain = false
        // A false from the real write means the socket will emit 'drain' itself.
        if (writable && !this.res.writableEnded) this.res.emit('drain')
      }
    }

    // The store work of finish(): the response waits for it whole.
    endAfter (chunk, encoding, operation, doneMessage) {
      const res = this.res
      const next = this.next
      const originalEnd = this.originalEnd
      const resume = this.takeResume()
      let ret = true
      const done = once(function (err) {
        if (err) defer(next, err)
        if (doneMessage) debug(doneMessage)
        if (resume !== undefined) {
          resume()
          return
        }
        ret = originalEnd.call(res, chunk, encoding)
      })
      callStore(operation, done)
      // Fixed now, as without the option, but sent only with the body.
      if (!done.called && !res._header) res._implicitHeader()
      return ret
    }

    // The native store has already stored the session (NativeStoreTracker's only).
    endAfterDirectStore (chunk, encoding, doneMessage) {
      if (this.resume === undefined) return super.endAfterDirectStore(chunk, encoding, doneMessage)
      const resume = this.takeResume()
      if (doneMessage) debug(doneMessage)
      resume()
      return true
    }
  }
}

module.exports = { withSaveBeforeHeaders }
