'use strict'

// RedisStore and connect-redis 9 share one data format, so a deployment can switch either
// way with live sessions: what one writes the other reads, byte for byte, with the same
// expiry; and a user's cookie keeps its session across the switch.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('../..')
const services = require('../support/services')
const { listen, createUser } = require('../support/http-client')

const HOUR = 3600 * 1000

function sampleSession (extra) {
  return {
    cookie: { originalMaxAge: HOUR, expires: new Date(Date.now() + HOUR).toISOString(), secure: false, httpOnly: true, path: '/' },
    user: { name: 'Zoë ☃', roles: ['a', 'b'] },
    ...extra
  }
}

describe('RedisStore <-> connect-redis 9 interop', () => {
  let client
  let ours
  let theirs
  const prefix = services.uniqueName('interop') + ':'

  before(async () => {
    client = await services.connectRedis()
    if (!client) return
    const { RedisStore } = require('connect-redis')
    theirs = new RedisStore({ client, prefix })
    ours = new session.RedisStore({ url: services.REDIS_URL, prefix })
  })

  after(async () => {
    if (ours) await ours.close()
    if (client) {
      await services.deleteRedisKeys(client, prefix)
      client.destroy()
    }
  })

  it('the same session set by each store is the same bytes with the same TTL', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = sampleSession()
    await theirs.set('by-theirs', sess)
    await ours.set('by-ours', sess)
    const { RESP_TYPES } = require('redis')
    const raw = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
    const a = await raw.get(prefix + 'by-theirs')
    const b = await raw.get(prefix + 'by-ours')
    assert.ok(Buffer.isBuffer(a) && Buffer.isBuffer(b), 'both stored')
    assert.ok(a.equals(b), `identical bytes:\n${a}\n${b}`)
    const [ttlA, ttlB] = [await client.ttl(prefix + 'by-theirs'), await client.ttl(prefix + 'by-ours')]
    assert.ok(Math.abs(ttlA - ttlB) <= 1, `TTLs ${ttlA} and ${ttlB}`)
    // Without cookie.expires both use the default ttl.
    await theirs.set('plain-theirs', { cookie: {}, n: 1 })
    await ours.set('plain-ours', { cookie: {}, n: 1 })
    assert.equal(await client.get(prefix + 'plain-ours'), await client.get(prefix + 'plain-theirs'))
    assert.ok(Math.abs(await client.ttl(prefix + 'plain-ours') - 86400) <= 1)
  })

  it('each reads what the other wrote, and lists it', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = sampleSession({ n: 7 })
    await theirs.set('x1', sess)
    assert.deepEqual(await ours.get('x1'), sess)
    await ours.set('x2', sess)
    assert.deepEqual(await theirs.get('x2'), sess)
    const ids = (await ours.ids()).sort()
    assert.deepEqual(ids, (await theirs.ids()).sort())
    assert.equal(await ours.length(), await theirs.length())
    const byId = (list) => Object.fromEntries(list.map((s) => [s.id, s]))
    assert.deepEqual(byId(await ours.all()), byId(await theirs.all()))
  })

  it('touch moves only the expiry in both; a non-positive TTL deletes in both', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = sampleSession()
    await ours.set('t1', sess)
    await client.expire(prefix + 't1', 5)
    await ours.touch('t1', sess)
    assert.ok(await client.ttl(prefix + 't1') > 3000)
    const past = sampleSession()
    past.cookie.expires = new Date(Date.now() - 1000).toISOString()
    await theirs.set('t2', sess)
    await ours.set('t2', past)
    assert.equal(await client.get(prefix + 't2'), null)
    const fn = new session.RedisStore({ url: services.REDIS_URL, prefix, ttl: () => 42 })
    try {
      await fn.set('t3', sess)
      assert.equal(await client.ttl(prefix + 't3'), 42)
    } finally {
      await fn.close()
    }
  })

  it('the middleware\'s saves store the bytes express-session + connect-redis store', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const expressSession = require('express-session')
    const { RedisStore } = require('connect-redis')
    const onHeaders = require('on-headers')
    const serve = (middleware, store) => {
      const app = express()
      app.use(middleware({ store, secret: 'bytes', resave: false, saveUninitialized: false, cookie: { maxAge: HOUR, sameSite: 'lax' } }))
      app.post('/write', (req, res) => {
        req.session.count = (req.session.count || 0) + 1
        req.session.user = { name: 'Zoë ☃', roles: ['a', 'b'], since: new Date(0) }
        res.json({ id: req.sessionID })
      })
      // What changes while the headers go out comes after the save, in express-session.
      app.post('/late', (req, res) => {
        onHeaders(res, () => {
          req.session.late = true
          req.session.cookie.maxAge = 5000
        })
        req.session.count++
        res.json({ id: req.sessionID })
      })
      return listen(app)
    }
    const native = new session.RedisStore({ url: services.REDIS_URL, prefix })
    const servers = [await serve(session, native), await serve(expressSession, new RedisStore({ client, prefix }))]
    const now = Date.now
    try {
      const users = servers.map((server) => createUser(server.origin))
      // A new session, then the same one saved again a second later, then once more with a
      // change as the headers go out: each step at the same instant for both.
      for (const [step, path] of ['/write', '/write', '/late'].entries()) {
        Date.now = () => 1.7e12 + 1000 * step
        const ids = []
        for (const user of users) ids.push((await user.post(path)).json.id)
        const [ourText, theirText] = await Promise.all(ids.map((id) => client.get(prefix + id)))
        assert.ok(ourText !== null && ourText === theirText, `identical JSON after ${path}:\n${ourText}\n${theirText}`)
      }
    } finally {
      Date.now = now
      for (const server of servers) await server.close()
      await native.close()
    }
  })

  it('an app switched from connect-redis to RedisStore and back keeps the user\'s session', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const serve = async (store) => {
      const app = express()
      app.use(session({ store, secret: 'switch', resave: false, saveUninitialized: false }))
      app.post('/write', (req, res) => { req.session.value = req.query.value; res.json({ id: req.sessionID }) })
      app.get('/read', (req, res) => res.json({ id: req.sessionID, value: req.session.value || null }))
      return listen(app)
    }
    const { RedisStore } = require('connect-redis')
    const first = await serve(new RedisStore({ client, prefix }))
    const user = createUser(first.origin)
    const { json: { id } } = await user.post('/write?value=before')
    await first.close()

    const native = new session.RedisStore({ url: services.REDIS_URL, prefix })
    const second = await serve(native)
    const same = (server) => Object.assign(createUser(server.origin), { cookie: user.cookie })
    try {
      const switched = same(second)
      assert.deepEqual((await switched.get('/read')).json, { id, value: 'before' })
      assert.equal((await switched.post('/write?value=during')).json.id, id)
    } finally {
      await second.close()
      await native.close()
    }

    const third = await serve(new RedisStore({ client, prefix }))
    try {
      assert.deepEqual((await same(third).get('/read')).json, { id, value: 'during' })
    } finally {
      await third.close()
    }
  })
})
