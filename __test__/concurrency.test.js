'use strict'

// 50 clients at once, each sending 20 sequential requests that increment req.session.count
// (resave: false) over a keep-alive agent: every client must end at exactly 20, with no
// lost update, for our native MemoryStore, for connect-redis and for a deliberately slow
// asynchronous store, where each response must not complete before its save has finished.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const express = require('express')
const session = require('..')
const services = require('./support/services')
const { listen, request } = require('./support/http-client')

const CLIENTS = 50
const REQUESTS = 20
const REQUEST_TIMEOUT_MS = 5000
const TEST_TIMEOUT_MS = 30000

function counterApp (store) {
  const app = express()
  app.use(session({ store, secret: 'concurrency', resave: false, saveUninitialized: false }))
  app.post('/increment', (req, res) => {
    req.session.count = (req.session.count || 0) + 1
    res.json({ id: req.sessionID, count: req.session.count })
  })
  app.use((err, req, res, next) => {
    res.status(500).json({ error: err.message })
  })
  return app
}

// Runs every client to the end; `afterResponse(client, res)` may check each response.
async function hammer (store, afterResponse = () => {}) {
  const server = await listen(counterApp(store))
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  try {
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      let cookie
      const counts = []
      let id
      for (let i = 0; i < REQUESTS; i++) {
        const res = await request(server.origin, 'POST', '/increment', { cookie, agent, timeout: REQUEST_TIMEOUT_MS })
        assert.equal(res.status, 200, `client ${client}, request ${i + 1}: ${res.text}`)
        const set = res.setCookies.find((h) => h.startsWith('connect.sid='))
        if (set) cookie = set.split(';', 1)[0]
        if (id === undefined) id = res.json.id
        assert.equal(res.json.id, id, `client ${client} kept its session`)
        counts.push(res.json.count)
        await afterResponse(client, res)
      }
      return { id, counts }
    })
    const results = await Promise.all(clients)
    const expected = Array.from({ length: REQUESTS }, (_, i) => i + 1)
    for (const [client, { counts }] of results.entries()) {
      assert.deepEqual(counts, expected, `client ${client} counted ${counts.join(',')}`)
    }
    assert.equal(new Set(results.map((r) => r.id)).size, CLIENTS, 'every client has its own session')
    return results
  } finally {
    agent.destroy()
    await server.close()
  }
}

function storeGet (store, id) {
  return new Promise((resolve, reject) => store.get(id, (err, sess) => err ? reject(err) : resolve(sess)))
}

describe(`${CLIENTS} clients x ${REQUESTS} sequential increments`, () => {
  it('native MemoryStore', { timeout: TEST_TIMEOUT_MS }, async () => {
    const store = new session.MemoryStore()
    const results = await hammer(store)
    for (const { id } of results) assert.equal((await storeGet(store, id)).count, REQUESTS)
  })

  describe('connect-redis', () => {
    let client
    let prefix
    before(async () => {
      client = await services.connectRedis()
      prefix = services.uniqueName('concurrency') + ':'
    })
    after(async () => {
      if (!client) return
      try {
        await services.deleteRedisKeys(client, prefix)
      } finally {
        client.destroy()
      }
    })

    it('every count ends at 20, in Redis too', { timeout: TEST_TIMEOUT_MS }, async (t) => {
      if (services.skipIfMissing(t, client, 'Redis')) return
      const { RedisStore } = require('connect-redis')
      const results = await hammer(new RedisStore({ client, prefix }))
      for (const { id } of results) {
        assert.equal(JSON.parse(await client.get(prefix + id)).count, REQUESTS)
      }
    })
  })

  it('a slow asynchronous store: every response completes only after its save', { timeout: TEST_TIMEOUT_MS }, async () => {
    // get and set each take 5-20 ms; set writes only when its delay has passed, just before
    // calling back, so a response that completed early would find the old count stored.
    const delay = () => 5 + Math.floor(Math.random() * 16)
    class SlowStore extends session.Store {
      constructor () {
        super()
        this.map = new Map()
        this.pending = 0
      }

      get (id, callback) {
        setTimeout(() => callback(null, this.map.has(id) ? JSON.parse(this.map.get(id)) : undefined), delay())
      }

      set (id, sess, callback) {
        const json = JSON.stringify(sess)
        this.pending++
        setTimeout(() => {
          this.map.set(id, json)
          this.pending--
          callback(null)
        }, delay())
      }

      destroy (id, callback) {
        setTimeout(() => {
          this.map.delete(id)
          callback(null)
        }, delay())
      }
    }
    const store = new SlowStore()
    let checked = 0
    await hammer(store, (client, res) => {
      // The response has been read in full: its save must already be in the store.
      const stored = store.map.get(res.json.id)
      assert.ok(stored, `client ${client}: response completed before the session was saved`)
      assert.equal(JSON.parse(stored).count, res.json.count,
        `client ${client}: response with count ${res.json.count} completed before its save finished`)
      checked++
    })
    assert.equal(checked, CLIENTS * REQUESTS)
    assert.equal(store.pending, 0)
  })
})
