'use strict'

// How an application wires a third-party store to express-session-rs, both ways:
//  (a) stores that take the session module as an argument get ours:
//        require('memorystore')(session), require('connect-pg-simple')(session), …
//  (b) stores that `require('express-session')` themselves (connect-redis) see us through
//      the npm alias "express-session": "npm:express-session-rs@<version>", simulated in a
//      temporary directory (see ../support/express-session-alias.js).
// No service is needed: connect-redis runs on an in-memory stand-in for the redis client.

const { describe, it, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const EventEmitter = require('node:events')
const express = require('express')
const ours = require('../..')
const original = require('express-session')
const { createAliasInstall, REAL_NODE_MODULES, PACKAGE_ROOT } = require('../support/express-session-alias')
const { listen, createUser } = require('../support/http-client')

const alias = createAliasInstall({ 'connect-redis': ['dist'] })
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-wiring-'))
after(() => {
  alias.cleanup()
  fs.rmSync(tmp, { recursive: true, force: true })
})

// The subset of the node-redis client that connect-redis 9 calls.
function fakeRedisClient () {
  const data = new Map()
  const calls = { get: 0, set: 0, expire: 0, del: 0 }
  return {
    data,
    calls,
    async get (key) { calls.get++; return data.has(key) ? data.get(key) : null },
    async set (key, value) { calls.set++; data.set(key, value); return 'OK' },
    async expire () { calls.expire++; return 1 },
    async del (keys) { calls.del++; for (const key of [].concat(keys)) data.delete(key); return 1 },
    async * scanIterator () { yield [...data.keys()] }
  }
}

// Stores that take the session module, each built the way its README shows.
const moduleTakingStores = {
  memorystore (session) {
    const MemoryStore = require('memorystore')(session)
    return { store: new MemoryStore({}), close () {} }
  },
  'connect-pg-simple' (session) {
    const { Pool } = require('pg')
    const pool = new Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused' }) // never queried
    const PGStore = require('connect-pg-simple')(session)
    const store = new PGStore({ pool, pruneSessionInterval: false })
    return { store, close: () => pool.end() }
  },
  'better-sqlite3-session-store' (session) {
    const { openSqliteDatabase } = require('../support/sqlite-database')
    const SqliteStore = require('better-sqlite3-session-store')(session)
    // Its sweep interval is never unref'd nor stoppable: keep it from holding the process.
    class Quiet extends SqliteStore { startInterval () {} }
    const db = openSqliteDatabase(':memory:')
    return { store: new Quiet({ client: db }), close: () => db.close() }
  },
  'session-file-store' (session) {
    const FileStore = require('session-file-store')(session)
    const dir = fs.mkdtempSync(path.join(tmp, 'files-'))
    return { store: new FileStore({ path: dir, retries: 0, reapInterval: -1, logFn () {} }), close () {} }
  }
}

async function sessionApp (session, store) {
  const seen = {}
  const app = express()
  app.use(session({ store, secret: 'wiring', resave: false, saveUninitialized: false }))
  app.post('/count', (req, res) => {
    seen.session = req.session
    req.session.count = (req.session.count || 0) + 1
    res.json({ count: req.session.count })
  })
  // Saves explicitly, then responds: express-session does not save a second time at the end.
  app.post('/count-and-save', (req, res, next) => {
    seen.session = req.session
    req.session.count = (req.session.count || 0) + 1
    req.session.save((err) => err ? next(err) : res.json({ count: req.session.count }))
  })
  return { seen, server: await listen(app) }
}

describe('(a) stores that take the session module', () => {
  for (const [name, build] of Object.entries(moduleTakingStores)) {
    it(`${name}(require('express-session-rs')) builds a store that is an instance of our Store`, async () => {
      const { store, close } = build(ours)
      try {
        assert.ok(store instanceof ours.Store, `${name} store is not instanceof express-session-rs Store`)
        assert.ok(store instanceof EventEmitter)
        assert.ok(!(store instanceof original.Store), 'and not of express-session\'s')
        assert.equal(typeof store.createSession, 'function')
        assert.equal(store.createSession, ours.Store.prototype.createSession)
        assert.equal(store.regenerate, ours.Store.prototype.regenerate)
        assert.equal(store.load, ours.Store.prototype.load)
      } finally {
        await close()
      }
    })
  }

  it('a session loaded from such a store (memorystore) is our Session with our Cookie', async () => {
    const { store } = moduleTakingStores.memorystore(ours)
    const { seen, server } = await sessionApp(ours, store)
    try {
      const user = createUser(server.origin)
      assert.equal((await user.post('/count')).json.count, 1)
      assert.equal((await user.post('/count')).json.count, 2)
      assert.ok(seen.session instanceof ours.Session)
      assert.ok(seen.session.cookie instanceof ours.Cookie)
    } finally {
      await server.close()
    }
  })
})

describe('(b) connect-redis, which requires express-session itself, through the npm alias', () => {
  it('the alias directory resolves express-session to this package', () => {
    const resolved = fs.realpathSync(alias.require.resolve('express-session'))
    assert.equal(resolved, fs.realpathSync(path.join(PACKAGE_ROOT, 'index.js')))
    assert.equal(alias.require('express-session'), ours)
    // …and connect-redis there is a copy, not the real one (whose import finds the original).
    assert.notEqual(alias.require.resolve('connect-redis'), require.resolve('connect-redis'))
  })

  it('its RedisStore extends our Store', () => {
    const { RedisStore } = alias.require('connect-redis')
    assert.equal(Object.getPrototypeOf(RedisStore.prototype), ours.Store.prototype)
    const store = new RedisStore({ client: fakeRedisClient() })
    assert.ok(store instanceof ours.Store)
    assert.ok(!(store instanceof original.Store))
  })

  it('as installed (no alias) its RedisStore extends express-session\'s Store instead', () => {
    const { RedisStore } = require('connect-redis')
    assert.equal(Object.getPrototypeOf(RedisStore.prototype), original.Store.prototype)
  })

  it('sessions go through the aliased RedisStore as our Session objects', async () => {
    const { RedisStore } = alias.require('connect-redis')
    const client = fakeRedisClient()
    const { seen, server } = await sessionApp(ours, new RedisStore({ client, prefix: 'w:' }))
    try {
      const user = createUser(server.origin)
      const first = await user.post('/count')
      assert.equal(first.json.count, 1)
      const second = await user.post('/count')
      assert.equal(second.json.count, 2)
      assert.ok(seen.session instanceof ours.Session)
      assert.equal(client.data.size, 1)
      assert.equal(JSON.parse([...client.data.values()][0]).count, 2)
    } finally {
      await server.close()
    }
  })

  // express-session wraps save() on the session it hands out, so an explicit save in the
  // handler is not repeated at the end of the response. The number of store writes for
  // [new session + explicit save, loaded session + explicit save] must be the same for every
  // wiring as for express-session with connect-redis.
  async function writesForExplicitSaves (session, RedisStore) {
    const client = fakeRedisClient()
    const { server } = await sessionApp(session, new RedisStore({ client, prefix: 'w:' }))
    try {
      const user = createUser(server.origin)
      const counts = []
      for (let i = 0; i < 2; i++) {
        const before = client.calls.set
        const res = await user.post('/count-and-save')
        assert.equal(res.status, 200)
        assert.equal(res.json.count, i + 1)
        counts.push(client.calls.set - before)
      }
      return counts
    } finally {
      await server.close()
    }
  }

  it('an explicit save is written once, whichever way connect-redis is wired (as express-session does)', async () => {
    const installed = require('connect-redis').RedisStore
    const aliased = alias.require('connect-redis').RedisStore
    const expected = await writesForExplicitSaves(original, installed)
    assert.deepEqual(expected, [1, 1], 'express-session writes once per explicit save')
    assert.deepEqual(await writesForExplicitSaves(ours, aliased), expected, 'ours, connect-redis through the alias')
    assert.deepEqual(await writesForExplicitSaves(ours, installed), expected,
      'ours, connect-redis as installed (its Store and Session are express-session\'s)')
  })

  it('the package version satisfies the express-session peer range connect-redis declares', () => {
    // npm checks an aliased package's own version against peerDependencies: connect-redis 9
    // declares "express-session": ">=1", so `npm install` of the alias reports a peer conflict
    // (ERESOLVE) while this package's version is below 1.0.0.
    const peer = require(path.join(REAL_NODE_MODULES, 'connect-redis', 'package.json')).peerDependencies['express-session']
    assert.equal(peer, '>=1')
    const version = require(path.join(PACKAGE_ROOT, 'package.json')).version
    const major = Number(version.split('.')[0])
    assert.ok(major >= 1, `express-session-rs@${version} does not satisfy connect-redis's peer "express-session": "${peer}"`)
  })
})
