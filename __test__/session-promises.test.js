'use strict'

// Issue 17, item 1: req.session's save, reload, destroy and regenerate called without a
// callback return a Promise that settles when the store has answered; one nobody awaits
// never becomes an unhandled rejection. On the native MemoryStore, connect-pg-simple and the native RedisStore.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const { forEachFeatureStore } = require('./support/feature-stores')
const { listen, createUser } = require('./support/http-client')
const { failingStore } = require('./support/recording-stores')

const OPTIONS = { secret: 'awaitable', resave: false, saveUninitialized: false }

// An app whose `/act` runs `act(req)` (async) and answers with what it resolved; errors
// answer 500 with their message. `/login` stores { user: 'ann' }.
async function startApp (store, act) {
  const app = express()
  app.use(session({ ...OPTIONS, store }))
  app.get('/login', (req, res) => {
    req.session.user = 'ann'
    res.json({ id: req.sessionID })
  })
  app.get('/act', (req, res) => {
    act(req).then((value) => res.json({ id: req.sessionID, value: value === undefined ? null : value }),
      (err) => res.status(500).json({ error: err.message }))
  })
  return listen(app)
}

// Logs a user in, then calls /act; resolves with { loginId, res, held(id) }.
async function afterLogin (backend, act) {
  const server = await startApp(backend.createStore(), act)
  try {
    const user = createUser(server.origin)
    const login = await user.get('/login')
    const res = await user.get('/act')
    return { loginId: login.json.id, res }
  } finally {
    await server.close()
  }
}

forEachFeatureStore('awaitable session methods', session, (kind) => {
  test('save() returns a Promise that resolves once the store holds the session', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const { loginId, res } = await afterLogin(backend, async (req) => {
      req.session.cart = ['tea']
      const returned = req.session.save()
      assert.ok(returned instanceof Promise)
      assert.equal(await returned, undefined)
      return (await backend.held(req.sessionID)).cart
    })
    assert.equal(res.status, 200)
    assert.equal(res.json.id, loginId)
    assert.deepEqual(res.json.value, ['tea'])
  })

  test('reload() resolves with the reloaded session', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const { res } = await afterLogin(backend, async (req) => {
      const before = req.session
      req.session.user = 'changed, not saved'
      const reloaded = await req.session.reload()
      assert.notEqual(reloaded, before)
      assert.equal(reloaded, req.session)
      return reloaded.user
    })
    assert.equal(res.json.value, 'ann')
  })

  test('destroy() resolves once the store has removed the session', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const { loginId, res } = await afterLogin(backend, async (req) => {
      const id = req.sessionID
      await req.session.destroy()
      assert.equal(req.session, undefined)
      return await backend.held(id)
    })
    assert.equal(res.json.value, null)
    assert.equal(await backend.held(loginId), null)
  })

  test('regenerate() resolves with the new session; the old one is gone from the store', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const { loginId, res } = await afterLogin(backend, async (req) => {
      const old = req.sessionID
      const fresh = await req.session.regenerate()
      assert.equal(fresh, req.session)
      assert.notEqual(req.sessionID, old)
      return await backend.held(old)
    })
    assert.equal(res.json.value, null)
    assert.notEqual(res.json.id, loginId)
    assert.equal(await backend.held(loginId), null)
  })

  test('a store error rejects the Promise; ignored, it is no unhandled rejection', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const unhandled = []
    const onUnhandled = (reason) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    t.after(() => process.removeListener('unhandledRejection', onUnhandled))

    const store = failingStore(backend.createStore(), 'set', new Error('set refused'))
    const server = await startApp(store, async (req) => {
      req.session.user = 'bob'
      req.session.save() // express-session style: called, never awaited
      await req.session.save().then(() => assert.fail('resolved'), (err) => assert.equal(err.message, 'set refused'))
      const destroyed = req.session.destroy() // the native store does not fail here
      await destroyed
      return 'done'
    })
    try {
      const res = await createUser(server.origin).get('/act')
      assert.equal(res.json.value, 'done')
    } finally {
      await server.close()
    }
    // Unhandled rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setTimeout(resolve, 10))
    assert.deepEqual(unhandled, [])
  })

  test('with a callback, each method returns what express-session returns', async (t) => {
    if (kind.skip(t)) return
    const backend = kind.backend
    const { res } = await afterLogin(backend, (req) => new Promise((resolve, reject) => {
      const sess = req.session
      const returned = { save: sess.save(() => {}) }
      returned.reload = sess.reload((err) => {
        if (err) return reject(err)
        const current = req.session
        returned.regenerate = current.regenerate((err) => {
          if (err) return reject(err)
          returned.regenerateIsSession = returned.regenerate === current
          const latest = req.session
          returned.destroy = latest.destroy(() => {
            resolve({
              save: returned.save === undefined,
              reload: returned.reload === undefined,
              regenerate: returned.regenerateIsSession,
              destroy: returned.destroy === latest
            })
          })
        })
      })
    }))
    assert.deepEqual(res.json.value, { save: true, reload: true, regenerate: true, destroy: true })
  })
})
