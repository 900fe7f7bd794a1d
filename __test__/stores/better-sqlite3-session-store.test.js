'use strict'

// better-sqlite3-session-store (takes the session module, here destructured as { Store })
// through express-session-rs: the shared conformance suite, reading the `sessions` table of
// a temporary database file directly.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { openSqliteDatabase } = require('../support/sqlite-database')
const { runStoreConformance } = require('./scenarios')

runStoreConformance({
  name: 'better-sqlite3-session-store',
  async open (session) {
    const SqliteStore = require('better-sqlite3-session-store')(session)
    // The package starts an expired-session sweep with setInterval, never unref'd and with no
    // way to stop it, which would keep the process alive; keep the sweep but let it go.
    class TestSqliteStore extends SqliteStore {
      startInterval () {
        this.sweep = setInterval(this.clearExpiredSessions.bind(this), this.expired.intervalMs)
        this.sweep.unref()
      }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-sqlite-store-'))
    const db = openSqliteDatabase(path.join(dir, 'sessions.db'))
    const stores = []
    const row = (id) => db.prepare('SELECT sess, expire FROM sessions WHERE sid = ?').get(id)
    return {
      granularityMs: 0,
      // `get` compares datetime('now') < datetime(expire): whole seconds, truncated.
      expiryWaitMs: 1300,
      removesOnExpiry: false,
      createStore () {
        const store = new TestSqliteStore({ client: db })
        stores.push(store)
        return store
      },
      held (id) {
        const found = row(id)
        return found === undefined ? null : JSON.parse(found.sess)
      },
      expiresAt (id) {
        const found = row(id)
        return found === undefined ? null : Date.parse(found.expire)
      },
      age (id, ms) {
        const changed = db.prepare('UPDATE sessions SET expire = ? WHERE sid = ?')
          .run(new Date(Date.now() + ms).toISOString(), id)
        if (changed.changes !== 1) throw new Error(`no sessions row for ${id}`)
      },
      close () {
        for (const store of stores) clearInterval(store.sweep)
        db.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  }
})
