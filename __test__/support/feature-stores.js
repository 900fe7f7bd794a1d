'use strict'

/*
 * The stores the opt-in features (issue 17) are tested on: the native MemoryStore, as the
 * middleware uses it directly, and a real third-party store, connect-pg-simple on the
 * PostgreSQL at DATABASE_URL (in its own schema and table, dropped afterwards).
 *
 *   featureStores         [{ name, open(session) }]: open resolves with a backend, or null
 *                         (outside CI) when its service is missing
 *   backend.createStore() a new store (one per app: session() installs store.generate)
 *   backend.held(id)      the session the store holds for `id` (a plain object), or null,
 *                         read without going through the middleware or the store's `get`
 *   backend.close()
 */

const services = require('./services')

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
    async close () {
      for (const store of stores) store.clear()
    }
  }
}

async function connectPgSimple (session) {
  const pool = await services.connectPostgres()
  if (!pool) return null
  const PGStore = require('connect-pg-simple')(session)
  const schemaName = services.uniqueName('pg')
  const tableName = services.uniqueName('session')
  const qualified = `"${schemaName}"."${tableName}"`
  await pool.query(`CREATE SCHEMA "${schemaName}"`)
  const stores = []
  return {
    createStore () {
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
        if (err.code === UNDEFINED_TABLE) return null
        throw err
      }
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

const featureStores = [
  { name: 'native MemoryStore', open: async (session) => nativeMemoryStore(session) },
  { name: 'connect-pg-simple', open: connectPgSimple }
]

module.exports = { featureStores }
