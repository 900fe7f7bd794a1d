'use strict'

// session-file-store (one JSON file per session, takes the session module as an argument)
// through express-session-rs: the shared conformance suite, reading the files directly.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { runStoreConformance } = require('./scenarios')

runStoreConformance({
  name: 'session-file-store',
  async open (session) {
    const FileStore = require('session-file-store')(session)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-file-store-'))
    const fileOf = (id) => path.join(dir, `${id}.json`)
    const read = (id) => {
      try {
        return JSON.parse(fs.readFileSync(fileOf(id), 'utf8'))
      } catch (err) {
        if (err.code === 'ENOENT') return null
        throw err
      }
    }
    return {
      granularityMs: 0,
      expiryWaitMs: 1300,
      // An expired file stays on disk until the reaper runs; `get` no longer returns it.
      removesOnExpiry: false,
      createStore () {
        // retries: 0 so that a missing file is an immediate ENOENT (which express-session
        // treats as "no session"), reapInterval: -1 so that no reap timer is left behind.
        return new FileStore({ path: dir, retries: 0, reapInterval: -1, logFn () {} })
      },
      held: read,
      // The store expires a file at __lastAccess + cookie.originalMaxAge.
      expiresAt (id) {
        const sess = read(id)
        return sess === null ? null : sess.__lastAccess + sess.cookie.originalMaxAge
      },
      age (id, ms) {
        const sess = read(id)
        if (sess === null) throw new Error(`no session file for ${id}`)
        sess.__lastAccess = Date.now() + ms - sess.cookie.originalMaxAge
        fs.writeFileSync(fileOf(id), JSON.stringify(sess))
      },
      close () {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  }
})
