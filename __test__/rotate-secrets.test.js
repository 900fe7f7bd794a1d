'use strict'

// Issue 17, item 5: with `rotateSecrets: true`, a cookie that verified with a secret other
// than the first is set again, signed with the first, so that the old secret can be dropped
// after one session lifetime. On the native MemoryStore, connect-pg-simple and the native RedisStore.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const signature = require('cookie-signature')
const session = require('..')
const { forEachFeatureStore } = require('./support/feature-stores')
const { valueApp, withUser } = require('./support/feature-apps')

const OPTIONS = { resave: false, saveUninitialized: false, cookie: { maxAge: 60 * 60 * 1000 } }

function app (store, options) {
  return valueApp(session, store, { ...OPTIONS, ...options })
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

forEachFeatureStore('rotateSecrets', session, (kind) => {
  // A session created while 'old secret' signed cookies: its store and cookie (the
  // cookie is made here: a secure one is not sent over HTTP).
  async function sessionUnderOldSecret (options = {}) {
    const store = kind.backend.createStore()
    return withUser(app(store, { secret: 'old secret', ...options }), undefined, async (user) => {
      const { id } = (await user.post('/write')).json
      const cookie = 'connect.sid=' + encodeURIComponent('s:' + signature.sign(id, 'old secret'))
      assert.equal(unsignedWith(cookie, 'old secret'), id)
      return { store, id, cookie }
    })
  }

  test('a cookie signed with an older secret is set again, signed with the first', async (t) => {
    if (kind.skip(t)) return
    const { store, id, cookie } = await sessionUnderOldSecret()
    const rotated = await withUser(app(store, { secret: ['new secret', 'old secret'], rotateSecrets: true }), cookie, async (user) => {
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
    await withUser(app(store, { secret: 'new secret' }), rotated, async (user) => {
      assert.deepEqual((await user.get('/read')).json, { id, value: 'kept' })
    })
  })

  test('without the option, the old cookie is accepted and never replaced', async (t) => {
    if (kind.skip(t)) return
    const { store, id, cookie } = await sessionUnderOldSecret()
    await withUser(app(store, { secret: ['new secret', 'old secret'] }), cookie, async (user) => {
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id, value: 'kept' })
      assert.deepEqual(read.setCookies, [])
    })
  })

  test('an old-secret cookie for a session the store does not have gets no cookie back', async (t) => {
    if (kind.skip(t)) return
    const { store, id, cookie } = await sessionUnderOldSecret()
    await new Promise((resolve, reject) => store.destroy(id, (err) => (err ? reject(err) : resolve())))
    await withUser(app(store, { secret: ['new secret', 'old secret'], rotateSecrets: true }), cookie, async (user) => {
      const read = await user.get('/read')
      assert.notEqual(read.json.id, id)
      assert.deepEqual(read.setCookies, [])
    })
  })

  test('a secure cookie is not re-issued over plain HTTP', async (t) => {
    if (kind.skip(t)) return
    const secure = { cookie: { secure: true, maxAge: 60000 } }
    const { store, id, cookie } = await sessionUnderOldSecret(secure)
    await withUser(app(store, { secret: ['new secret', 'old secret'], rotateSecrets: true, ...secure }), cookie, async (user) => {
      const read = await user.get('/read')
      assert.deepEqual(read.json, { id, value: 'kept' })
      assert.deepEqual(read.setCookies, [])
    })
  })
})
