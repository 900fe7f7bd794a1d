'use strict'

// `req.session.save()`, `reload()`, `destroy()` and `regenerate()` called without a
// callback return a Promise that settles when the store answers (expressjs/session#607,
// #737). Code written for express-session calls `save()` without a callback and ignores
// what it returns: the Promise is marked handled when it is made, so a store error it
// carries never becomes an unhandled rejection. Awaiting it still throws that error.

function noop () {}

// Runs `start(callback)` and returns a Promise that the callback settles: rejected with
// the error it is given (or that `start` throws), else resolved with what `valueOf()`
// gives (undefined without it). Once settled, later calls change nothing.
function promised (start, valueOf) {
  let settle
  const promise = new Promise(function executor (resolve, reject) {
    settle = { resolve, reject }
  })
  promise.catch(noop)
  try {
    start(function settled (err) {
      if (err) settle.reject(err)
      else settle.resolve(valueOf === undefined ? undefined : valueOf())
    })
  } catch (err) {
    // A store that throws instead of calling back: the Promise carries that error too.
    settle.reject(err)
  }
  return promise
}

module.exports = { promised }
