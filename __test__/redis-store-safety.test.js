'use strict'

// RedisStore's guarantees beyond connect-redis, on the machine's Redis (REDIS_URL):
//   - the middleware's save of a loaded session never brings back one destroyed meanwhile
//     (a logout racing slow requests of the same user), nor does touch;
//   - a new session never overwrites another's ID;
//   - concurrent users lose no update;
//   - the public `set` keeps connect-redis's meaning (a plain SET).

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const services = require('./support/services')
const { WRITE_SESSION } = require('../lib/store-intent')
const { listen, createUser, sleep } = require('./support/http-client')

describe('RedisStore safety', () => {
  let client
  let store
  let server
  const prefix = services.uniqueName('rsafety') + ':'

  before(async () => {
    client = await services.connectRedis()
    if (!client) return
    store = new session.RedisStore({ url: services.REDIS_URL, prefix })
    const app = express()
    app.use(session({ store, secret: 'safety', resave: false, saveUninitialized: false }))
    app.post('/login', (req, res) => {
      req.session.user = 'ada'
      req.session.count = 0
      res.json({ id: req.sessionID })
    })
    // Reads the session, then takes a while before changing it: the slow request.
    app.post('/slow', (req, res) => {
      setTimeout(() => {
        req.session.seen = (req.session.seen || 0) + 1
        res.json({ ok: true })
      }, Number(req.query.ms))
    })
    app.post('/increment', (req, res) => {
      req.session.count++
      res.json({ count: req.session.count })
    })
    app.post('/logout', (req, res, next) => {
      req.session.destroy((err) => (err ? next(err) : res.json({ ok: true })))
    })
    app.use((err, req, res, next) => res.status(500).json({ error: err.message, code: err.code }))
    server = await listen(app)
  })

  after(async () => {
    if (server) await server.close()
    if (store) await store.close()
    if (client) {
      await services.deleteRedisKeys(client, prefix)
      client.destroy()
    }
  })

  it('a destroy racing 50 in-flight writes of the same session leaves no key behind', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const user = createUser(server.origin)
    const { json: { id } } = await user.post('/login')
    assert.ok(await client.get(prefix + id))
    // 50 requests load the session now and write it back 300 ms later; the logout lands
    // in between.
    const slow = Array.from({ length: 50 }, () => user.post('/slow?ms=300'))
    await sleep(100)
    const logout = await user.post('/logout')
    assert.equal(logout.status, 200)
    const results = await Promise.all(slow)
    for (const res of results) assert.equal(res.status, 200, res.text)
    assert.equal(await client.get(prefix + id), null, 'the destroyed session stays destroyed')
  })

  it('a touch after a destroy does not bring the session back', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = { cookie: { expires: new Date(Date.now() + 60000).toISOString() }, user: 'x' }
    await store.set('touched', sess)
    await store.destroy('touched')
    await store.touch('touched', sess)
    assert.equal(await client.get(prefix + 'touched'), null)
  })

  it('a loaded session\'s write is dropped once it is destroyed; the public set still writes', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = { cookie: { expires: new Date(Date.now() + 60000).toISOString() }, n: 1 }
    await store[WRITE_SESSION]('gone', sess, false)
    assert.equal(await client.get(prefix + 'gone'), null, 'SET XX: nothing to update')
    await store.set('gone', sess)
    assert.equal(await client.get(prefix + 'gone'), JSON.stringify(sess), 'set is a plain SET, as connect-redis')
  })

  it('a new session never overwrites another\'s ID: the save fails instead', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const theirs = { cookie: { expires: new Date(Date.now() + 60000).toISOString() }, owner: 'them' }
    await store.set('taken', theirs)
    await assert.rejects(store[WRITE_SESSION]('taken', { ...theirs, owner: 'me' }, true), { code: 'ERR_SESSION_ID_COLLISION' })
    assert.equal(JSON.parse(await client.get(prefix + 'taken')).owner, 'them')
    // And through the middleware: an app whose generator repeats an ID gets an error. (Its
    // own store: session() installs its generator on the store it is given.)
    const own = new session.RedisStore({ url: services.REDIS_URL, prefix })
    const app = express()
    app.use(session({ store: own, secret: 'safety', resave: false, saveUninitialized: false, genid: () => 'taken' }))
    app.post('/write', (req, res) => { req.session.owner = 'me'; res.json({ id: req.sessionID }) })
    const errors = []
    app.use((err, req, res, next) => { errors.push(err); if (!res.headersSent) res.status(500).end() })
    const other = await listen(app)
    try {
      await createUser(other.origin).post('/write')
      for (let i = 0; i < 50 && errors.length === 0; i++) await sleep(10)
      assert.equal(errors.length, 1)
      assert.equal(errors[0].code, 'ERR_SESSION_ID_COLLISION')
      assert.equal(JSON.parse(await client.get(prefix + 'taken')).owner, 'them')
    } finally {
      await other.close()
      await own.close()
    }
  })

  it('a server error in one command of a turn fails that operation alone', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = { cookie: { expires: new Date(Date.now() + 60000).toISOString() }, n: 1 }
    await store.set('plain', sess)
    await client.rPush(prefix + 'listed', 'not a session')
    // Issued in one event-loop turn: sent together, answered each on its own.
    const [before, listed, written, after, touched] = await Promise.allSettled([
      store.get('plain'),
      store.get('listed'),
      store.set('written', sess),
      store.get('plain'),
      store.touch('listed', sess)
    ])
    assert.deepEqual(before, { status: 'fulfilled', value: sess })
    assert.equal(listed.status, 'rejected')
    assert.equal(listed.reason.code, 'ERR_REDIS_COMMAND')
    assert.match(listed.reason.message, /WRONGTYPE/)
    assert.equal(written.status, 'fulfilled')
    assert.deepEqual(after, { status: 'fulfilled', value: sess })
    assert.equal(touched.status, 'fulfilled', 'EXPIRE accepts a key of any type')
    assert.equal(await client.get(prefix + 'written'), JSON.stringify(sess))
  })

  it('50 clients x 20 increments lose nothing', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const users = Array.from({ length: 50 }, () => createUser(server.origin))
    const ids = await Promise.all(users.map(async (user) => (await user.post('/login')).json.id))
    await Promise.all(users.map(async (user) => {
      for (let i = 1; i <= 20; i++) assert.deepEqual((await user.post('/increment')).json, { count: i })
    }))
    for (const id of ids) assert.equal(JSON.parse(await client.get(prefix + id)).count, 20)
  })
})
