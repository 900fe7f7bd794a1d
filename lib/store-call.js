'use strict'

// How the middleware calls a store: each callback at most once, and a store method that
// throws before calling back reported through its callback.

// Wraps a store callback so a second call is ignored; `.called` tells whether it ran.
function once (fn) {
  const wrapper = function () {
    if (wrapper.called) return
    wrapper.called = true
    fn.apply(this, arguments)
  }
  wrapper.called = false
  return wrapper
}

// Calls a store method; if it throws before calling back, the error goes to the callback.
// What throws after the callback ran (the rest of the request, run synchronously by a
// synchronous store) propagates as it would have with express-session.
function callStore (operation, callback) {
  try {
    operation(callback)
  } catch (err) {
    if (callback.called) throw err
    callback(err)
  }
}

module.exports = { once, callStore }
