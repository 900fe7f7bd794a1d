'use strict'

// Issue 17, item 5: with `rotateSecrets: true`, a cookie that verified with a secret other
// than the first is set again, signed with the first, so that the old secret can be dropped
// after one session lifetime. On the native MemoryStore and connect-pg-simple.

const { describe, test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const signature = require('cookie-signature')
const session = require('..')
const { featureStores } = require('./support/feature-stores')
const { listen, createUser } = require('./support/http-client')
const { skipIfMissing } = require('./support/services')

const OPTIONS = { resave: false, saveUninitialized: false, cookie: { maxAge: 60 * 60 * 1000 } }

function app (store, options) {
  const server = express()
  server.use(session({ ...OPTIONS, store, ...options }))
  server.post('/write', (req, res) => {
    req.session.value = 'kept'
    res.json({ id: req.sessionID })
  })
  server.get('/read', (req, res) => {
    res.json({ id: req.sessionID, value: req.session.value === undefined ? null : req.session.value })
  })
  return server
}

async function withApp (server, cookie, fn) {
  const running = await listen(server)
  try {
    const user = createUser(running.origin)
    user.cookie = cookie
    return await fn(user)
  } finally {
    await running.close()
  }
}

// The session ID in a `connect.sid=…` pair, if `secret` signed it; else false.
function unsignedWith (pair, secret) {
  const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1))
  return value.startsWith('s:') ? signature.unsign(value.slice(2), secret) : false
}

describe('rotateSecrets option', () => {
  test('must be a boolean', () => {
    for (const rotateSecrets of ['yes', 1, null]) {
      assert.throws(() => session({ ...OPTIONS, secret: ['a', 'b'], rotateSecrets }),
        { name: 'TypeError', message: 'rotateSecrets option must be a boolean' })
    }
    assert.equal(typeof session({ ...OPTIONS, secret: 'only one', rotateSecrets: true }), 'function')
  })
})

for (const kind of featureStores) {
  describe(`rotateSecrets on ${kind.name}`, () => {
    let backend
    before(async () => { backend = await kind.open(session) })
    after(async () => { if (backend) await backend.close() })

    // A session created while 'old secret' signed cookies: its store and cookie (the
    // cookie is made here: a secure one is not sent over HTTP).
    async function sessionUnderOldSecret (options = {}) {
      const store = backend.createStore()
      return withApp(app(store, { secret: 'old secret', ...options }), undefined, async (user) => {
        const { id } = (await user.post('/write')).json
        const cookie = 'connect.sid=' + encodeURIComponent('s:' + signature.sign(id, 'old secret'))
        assert.equal(unsignedWith(cookie, 'old secret'), id)
        return { store, id, cookie }
      })
    }

    test('a cookie signed with an older secret is set again, signed with the first', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const { store, id, cookie } = await sessionUnderOldSecret()
      const rotated = await withApp(app(store, { secret: ['new secret', 'old secret'], rotateSecrets: true }), cookie, async (user) => {
        const read = await user.get('/read')
        assert.deepEqual(read.json, { id, value: 'kept' })
        assert.equal(read.setCookies.length, 1)
        assert.match(read.setCookies[0], /; Expires=/)
        assert.equal(unsignedWith(user.cookie, 'new secret'), id)
        // Signed with the first secret now: nothing more to rotate.
        assert.equal((await user.get('/read')).setCookies.length, 0)
        return user.cookie
      })
      // The old secret can go: the re-issued cookie still finds the session.
      await withApp(app(store, { secret: 'new secret' }), rotated, async (user) => {
        assert.deepEqual((await user.get('/read')).json, { id, value: 'kept' })
      })
    })

    test('without the option, the old cookie is accepted and never replaced', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const { store, id, cookie } = await sessionUnderOldSecret()
      await withApp(app(store, { secret: ['new secret', 'old secret'] }), cookie, async (user) => {
        const read = await user.get('/read')
        assert.deepEqual(read.json, { id, value: 'kept' })
        assert.deepEqual(read.setCookies, [])
      })
    })

    test('an old-secret cookie for a session the store does not have gets no cookie back', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const { store, id, cookie } = await sessionUnderOldSecret()
      await new Promise((resolve, reject) => store.destroy(id, (err) => (err ? reject(err) : resolve())))
      await withApp(app(store, { secret: ['new secret', 'old secret'], rotateSecrets: true }), cookie, async (user) => {
        const read = await user.get('/read')
        assert.notEqual(read.json.id, id)
        assert.deepEqual(read.setCookies, [])
      })
    })

    test('a secure cookie is not re-issued over plain HTTP', async (t) => {
      if (skipIfMissing(t, backend, kind.name)) return
      const secure = { cookie: { secure: true, maxAge: 60000 } }
      const { store, id, cookie } = await sessionUnderOldSecret(secure)
      await withApp(app(store, { secret: ['new secret', 'old secret'], rotateSecrets: true, ...secure }), cookie, async (user) => {
        const read = await user.get('/read')
        assert.deepEqual(read.json, { id, value: 'kept' })
        assert.deepEqual(read.setCookies, [])
      })
    })
  })
}
