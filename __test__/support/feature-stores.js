'use strict'

/*
 * The stores the opt-in features (issue 17) are tested on: the native MemoryStore, as the
 * middleware uses it directly, a real third-party store, connect-pg-simple on the
 * PostgreSQL at DATABASE_URL (in its own schema and table, dropped afterwards), and the
 * native RedisStore on the Redis at REDIS_URL (under its own key prefix, deleted afterwards).
 *
 *   featureStores         [{ name, open(session) }]: open resolves with a backend, or null
 *                         (outside CI) when its service is missing
 *   backend.createStore(module)
 *                         a new store (one per app: session() installs store.generate); for
 *                         connect-pg-simple, `module` (default: the one given to open) is the
 *                         session module its class is made for, over the same table
 *   backend.held(id)      the session the store holds for `id` (a plain object), or null,
 *                         read without going through the middleware or the store's `get`
 *   backend.expiresAt(id) when the store lets `id` expire (ms since the epoch; whole seconds
 *                         for PostgreSQL), or null: what `set` and `touch` push forward
 *   backend.close()
 *
 *   connectPgSimple(session)   the connect-pg-simple backend alone (also `pool` and
 *                              `qualified`, the table's quoted name), for the store suite
 *   forEachFeatureStore(title, session, define)
 *                         one describe per store, named `${title} on ${store name}`; calls
 *                         define(kind) with kind.name, kind.backend (once opened) and
 *                         kind.skip(t), which skips test `t` (outside CI) when the service is
 *                         missing and says so
 */

const { describe, before, after } = require('node:test')
const services = require('./services')
const { WRITE_SESSION } = require('../../lib/store-intent')

const UNDEFINED_TABLE = '42P01'

function nativeMemoryStore (session) {
  const stores = []
  return {
    createStore () {
      const store = new session.MemoryStore({ checkPeriod: 0 })
      stores.push(store)
      return store
    },
    async held (id) {
      for (const store of stores) {
        const text = store.sessions[id]
        if (text !== undefined) return JSON.parse(text)
      }
      return null
    },
    async expiresAt (id) {
      const sess = await this.held(id)
      return sess === null ? null : Date.parse(sess.cookie.expires)
    },
    async close () {
      for (const store of stores) store.clear()
    }
  }
}

async function connectPgSimple (session) {
  const pool = await services.connectPostgres()
  if (!pool) return null
  const schemaName = services.uniqueName('pg')
  const tableName = services.uniqueName('session')
  const qualified = `"${schemaName}"."${tableName}"`
  await pool.query(`CREATE SCHEMA "${schemaName}"`)
  const stores = []
  return {
    pool,
    qualified,
    createStore (module = session) {
      const PGStore = require('connect-pg-simple')(module)
      const store = new PGStore({
        pool,
        schemaName,
        tableName,
        createTableIfMissing: true,
        pruneSessionInterval: false,
        errorLog () {}
      })
      stores.push(store)
      return store
    },
    async held (id) {
      try {
        const { rows } = await pool.query(`SELECT sess FROM ${qualified} WHERE sid = $1`, [id])
        return rows.length === 0 ? null : rows[0].sess
      } catch (err) {
        // The store creates its table on its first query: no table yet holds nothing.
        if (err.code === UNDEFINED_TABLE) return null
        throw err
      }
    },
    // The column is a timestamp without time zone, written in the connection's zone.
    async expiresAt (id) {
      const { rows } = await pool.query(
        `SELECT extract(epoch from expire::timestamptz) * 1000 AS ms FROM ${qualified} WHERE sid = $1`, [id])
      return rows.length === 0 ? null : Number(rows[0].ms)
    },
    async close () {
      for (const store of stores) await store.close()
      try {
        await pool.query(`DROP SCHEMA "${schemaName}" CASCADE`)
      } finally {
        await pool.end()
      }
    }
  }
}

// Redis counts a key's TTL down in real time while these tests fix the clock, so when a key
// expires on the tests' clock is the clock's time at the store's last write of its expiry
// (the `now` the store computed the TTL from) plus the whole seconds Redis holds.
async function nativeRedisStore (session) {
  const client = await services.connectRedis()
  if (!client) return null
  const prefix = services.uniqueName('feature') + ':'
  const writtenAt = new Map()
  const stores = []
  class RecordingRedisStore extends session.RedisStore {
    set (sid, sess, callback) {
      writtenAt.set(sid, Date.now())
      return super.set(sid, sess, callback)
    }

    [WRITE_SESSION] (sid, sess, created, callback) {
      writtenAt.set(sid, Date.now())
      return super[WRITE_SESSION](sid, sess, created, callback)
    }

    merge (sid, changes, sess, callback) {
      writtenAt.set(sid, Date.now())
      return super.merge(sid, changes, sess, callback)
    }

    touch (sid, sess, callback) {
      writtenAt.set(sid, Date.now())
      return super.touch(sid, sess, callback)
    }
  }
  return {
    createStore () {
      const store = new RecordingRedisStore({ url: services.REDIS_URL, prefix })
      stores.push(store)
      return store
    },
    async held (id) {
      const text = await client.get(prefix + id)
      return text === null ? null : JSON.parse(text)
    },
    async expiresAt (id) {
      const ms = await client.pTTL(prefix + id)
      return ms < 0 ? null : writtenAt.get(id) + Math.round(ms / 1000) * 1000
    },
    async close () {
      try {
        await services.deleteRedisKeys(client, prefix)
      } finally {
        for (const store of stores) await store.close()
        client.destroy()
      }
    }
  }
}

const featureStores = [
  { name: 'native MemoryStore', open: async (session) => nativeMemoryStore(session) },
  { name: 'connect-pg-simple', open: connectPgSimple },
  { name: 'native RedisStore', open: nativeRedisStore }
]

function forEachFeatureStore (title, session, define) {
  for (const store of featureStores) {
    describe(`${title} on ${store.name}`, () => {
      const kind = {
        name: store.name,
        backend: null,
        skip: (t) => services.skipIfMissing(t, kind.backend, store.name)
      }
      before(async () => { kind.backend = await store.open(session) })
      after(async () => { if (kind.backend) await kind.backend.close() })
      define(kind)
    })
  }
}

module.exports = { featureStores, connectPgSimple, forEachFeatureStore }
