'use strict'

// The request shapes every benchmark measures, with the options they run under and a
// check that each really exercises what it claims.

const assert = require('assert')

const base = { secret: 'benchmark secret', resave: false, saveUninitialized: false }

// Gives a client its session: used once before measuring the shapes that need a cookie.
// Bare apps have no session: their handlers write to a throwaway object instead.
function sessionOf (req) {
  return req.session || { views: 1 }
}

function seedHandler (req, res) {
  if (!req.session) return res.end('bare')
  req.session.views = 1
  req.session.user = { id: 42, name: 'Ada' }
  res.end('seeded')
}

const all = [
  {
    name: 'NEW',
    options: base,
    needsCookie: false,
    handler (req, res) {
      sessionOf(req).views = 1
      res.end('new')
    }
  },
  {
    name: 'READ',
    options: base,
    needsCookie: true,
    handler (req, res) {
      res.end(String(sessionOf(req).views))
    }
  },
  {
    name: 'WRITE',
    options: base,
    needsCookie: true,
    handler (req, res) {
      sessionOf(req).views++
      res.end(String(sessionOf(req).views))
    }
  },
  {
    name: 'ROLLING',
    // A day: the seeded session must outlive the whole run, whose configurations are all
    // seeded before the first is measured (with 60 s, later rounds measured expired sessions).
    options: { ...base, rolling: true, cookie: { maxAge: 24 * 60 * 60 * 1000 } },
    needsCookie: true,
    handler (req, res) {
      res.end(String(sessionOf(req).views))
    }
  }
]

// Runs a few requests of the shape and asserts it does what its name says.
async function validate (shape, send, cookie, setCookieOf, bare) {
  const first = await send(cookie)
  const second = await send(cookie)
  if (bare) return
  switch (shape.name) {
    case 'NEW':
      assert.ok(setCookieOf(first) && setCookieOf(second), 'NEW sets a cookie')
      assert.notStrictEqual(setCookieOf(first), setCookieOf(second), 'NEW creates a session per request')
      break
    case 'READ':
      assert.strictEqual(setCookieOf(first), undefined, 'READ sets no cookie')
      assert.strictEqual(first.req.session.views, 1, 'READ hits the stored session')
      break
    case 'WRITE':
      assert.strictEqual(second.req.session.views, first.req.session.views + 1, 'WRITE persists')
      break
    case 'ROLLING':
      assert.ok(setCookieOf(first) && setCookieOf(second), 'ROLLING sets the cookie each time')
      assert.strictEqual(first.req.session.views, 1, 'ROLLING hits the stored session')
      break
  }
}

module.exports = { all, seedHandler, validate }
