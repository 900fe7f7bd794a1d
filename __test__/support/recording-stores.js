'use strict'

/*
 * Wrappers around a store instance (usually a MemoryStore) for observing how the
 * middleware uses it. Each replaces the instance's own methods, so the wrapped store is an
 * ordinary third-party store as far as the middleware can tell.
 *
 *   spyStore(store, calls)     pushes the name of every get/set/touch/destroy call onto
 *                              `calls`, then forwards it.
 *   slowStore(store, timeline, { delay = 50, until })
 *                              set/touch/destroy call back `delay` ms later than the store
 *                              did, noting '<method> start' and '<method> done' on the
 *                              timeline (see http.js). With `until`, they also wait (at most
 *                              1 s more) for until() to be true: a test expecting the client
 *                              to have some bytes before the store finishes passes
 *                              `() => timeline.bytes >= n`, so that a busy machine cannot
 *                              reorder the events.
 *   failingStore(store, method, err)
 *                              `method` calls back with `err` (asynchronously) and does
 *                              nothing else; the other methods are forwarded.
 */

const SPIED = ['get', 'set', 'touch', 'destroy']
const UNTIL_LIMIT_MS = 1000
const POLL_MS = 5

// How many arguments come before the callback.
const SLOW = { set: 2, touch: 2, destroy: 1 }

function spyStore (store, calls) {
  for (const method of SPIED) {
    const original = store[method]
    store[method] = function () {
      calls.push(method)
      return original.apply(this, arguments)
    }
  }
  return store
}

function afterDelay (delay, until, fn) {
  setTimeout(function poll (waited) {
    if (!until || until() || waited >= UNTIL_LIMIT_MS) fn()
    else setTimeout(poll, POLL_MS, waited + POLL_MS)
  }, delay, 0)
}

function slowStore (store, timeline, { delay = 50, until } = {}) {
  for (const [method, arity] of Object.entries(SLOW)) {
    const original = store[method]
    store[method] = function () {
      const args = Array.prototype.slice.call(arguments, 0, arity)
      const callback = arguments[arity]
      timeline.note(`${method} start`)
      original.call(this, ...args, function () {
        const results = arguments
        afterDelay(delay, until, () => {
          timeline.note(`${method} done`)
          if (callback) callback.apply(null, results)
        })
      })
    }
  }
  return store
}

function failingStore (store, method, err) {
  store[method] = function () {
    const callback = arguments[arguments.length - 1]
    setImmediate(callback, err)
  }
  return store
}

module.exports = { spyStore, slowStore, failingStore }
