'use strict'

// Issue 17, item 2: req.session.regenerate({ keep }, cb) gives a new session ID, destroys the
// old session as regenerate always has, and copies the data members asked for (all with
// `keep: true`, the named ones with an array) into the new session — never the cookie.
// On the native MemoryStore, connect-pg-simple and the native RedisStore.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const { forEachFeatureStore } = require('./support/feature-stores')
const { listen, createUser } = require('./support/http-client')

const MAX_AGE = 60 * 60 * 1000
const OPTIONS = { secret: 'keep my cart', resave: false, saveUninitialized: false, cookie: { maxAge: MAX_AGE } }

// A visitor fills a cart and picks a locale (`/shop`), then logs in (`/login`), where
// `login(req)` regenerates the session; resolves with the IDs before and after, the new
// session as stored and the old one as stored (null once destroyed).
async function shopThenLogin (backend, login) {
  const app = express()
  app.use(session({ ...OPTIONS, store: backend.createStore() }))
  app.get('/shop', (req, res) => {
    req.session.cart = ['tea', 'cups']
    req.session.locale = 'de'
    req.session.visits = 3
    req.session.cookie.maxAge = 1000
    res.json({ id: req.sessionID })
  })
  app.get('/login', (req, res, next) => {
    Promise.resolve(login(req)).then(() => {
      req.session.user = 'ann'
      res.json({ id: req.sessionID, data: { ...req.session, cookie: undefined } })
    }, next)
  })
  const server = await listen(app)
  try {
    const visitor = createUser(server.origin)
    const shop = await visitor.get('/shop')
    const login = await visitor.get('/login')
    assert.equal(login.status, 200, login.text)
    return {
      before: shop.json.id,
      after: login.json.id,
      data: login.json.data,
      stored: await backend.held(login.json.id),
      old: await backend.held(shop.json.id)
    }
  } finally {
    await server.close()
  }
}

function callback (req, options) {
  return new Promise((resolve, reject) => {
    const returned = req.session.regenerate(options, (err) => (err ? reject(err) : resolve()))
    assert.equal(typeof returned, 'object')
  })
}

forEachFeatureStore('regenerate keeping data', session, (kind) => {
  test('keep: true copies every data member into the new session, not the cookie', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const result = await shopThenLogin(backend, (req) => callback(req, { keep: true }))
    assert.notEqual(result.after, result.before)
    assert.equal(result.old, null)
    assert.deepEqual(result.data, { cart: ['tea', 'cups'], locale: 'de', visits: 3, user: 'ann' })
    assert.deepEqual(result.stored.cart, ['tea', 'cups'])
    assert.equal(result.stored.locale, 'de')
    assert.equal(result.stored.visits, 3)
    assert.equal(result.stored.user, 'ann')
    // The new session has a cookie of its own, from the options: not the changed maxAge.
    assert.equal(result.stored.cookie.originalMaxAge, MAX_AGE)
  })

  test('keep: [names] copies those members only', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const result = await shopThenLogin(backend, (req) => callback(req, { keep: ['cart', 'locale', 'absent'] }))
    assert.notEqual(result.after, result.before)
    assert.equal(result.old, null)
    assert.deepEqual(result.data, { cart: ['tea', 'cups'], locale: 'de', user: 'ann' })
    assert.equal(result.stored.visits, undefined)
    assert.deepEqual(result.stored.cart, ['tea', 'cups'])
  })

  test('awaited without a callback, it keeps the members too', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const result = await shopThenLogin(backend, async (req) => {
      const fresh = await req.session.regenerate({ keep: ['cart'] })
      assert.equal(fresh, req.session)
    })
    assert.notEqual(result.after, result.before)
    assert.equal(result.old, null)
    assert.deepEqual(result.data, { cart: ['tea', 'cups'], user: 'ann' })
    assert.deepEqual(result.stored.cart, ['tea', 'cups'])
  })

  test('keep: false, or no options, regenerates an empty session as before', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const result = await shopThenLogin(backend, (req) => callback(req, { keep: false }))
    assert.deepEqual(result.data, { user: 'ann' })
    assert.equal(result.old, null)
  })

  test('an unreadable keep is a TypeError, thrown before anything is destroyed', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const message = 'regenerate option keep must be true, false or an array of member names'
    const result = await shopThenLogin(backend, (req) => {
      for (const keep of ['cart', 1, [1], null, {}]) {
        assert.throws(() => req.session.regenerate({ keep }, () => {}), { name: 'TypeError', message })
      }
      assert.throws(() => req.session.regenerate({ keep: 'cart' }), { name: 'TypeError', message })
    })
    assert.equal(result.after, result.before)
    assert.deepEqual(result.stored.cart, ['tea', 'cups'])
  })
})
