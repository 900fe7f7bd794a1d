'use strict'

// connect-pg-simple (takes the session module as an argument) through express-session-rs:
// the shared conformance suite against PostgreSQL, reading the session row (sess json +
// expire) directly. The store (built as the opt-in feature tests build it, see
// support/feature-stores.js) creates its own table (createTableIfMissing) under a unique
// name, inside a unique schema: its table.sql also names the primary key and the expire
// index ("session_pkey", "IDX_session_expire"), which would clash with any other session
// table in the same schema.

const { runStoreConformance } = require('./scenarios')
const { connectPgSimple } = require('../support/feature-stores')

runStoreConformance({
  name: 'connect-pg-simple',
  async open (session) {
    const backend = await connectPgSimple(session)
    if (!backend) return null
    const { pool, qualified } = backend
    return {
      ...backend,
      // The expire column is written as to_timestamp(ceil(expires / 1000)).
      granularityMs: 1000,
      // `get` requires expire >= to_timestamp(ceil(now / 1000)): up to two whole seconds.
      expiryWaitMs: 2300,
      removesOnExpiry: false,
      // `expire` is a timestamp without time zone in the connection's zone: measure it
      // against localtimestamp on the same pool rather than parsing it here.
      async expiresAt (id) {
        const { rows } = await pool.query(
          `SELECT extract(epoch from (expire - localtimestamp)) * 1000 AS ms FROM ${qualified} WHERE sid = $1`, [id])
        return rows.length === 0 ? null : Date.now() + Number(rows[0].ms)
      },
      async age (id, ms) {
        const { rowCount } = await pool.query(
          `UPDATE ${qualified} SET expire = localtimestamp + ($2::float8 * interval '1 millisecond') WHERE sid = $1`, [id, ms])
        if (rowCount !== 1) throw new Error(`no session row for ${id}`)
      }
    }
  }
})
