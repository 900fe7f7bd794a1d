'use strict'

// saveBeforeHeaders: true (expressjs/session#360, #660, #167). A client that follows a redirect
// the moment the headers arrive, against a store whose `set` takes 50 ms, always finds the
// session; without the option the same client does not (shown with a store that finishes its
// `set` only after the follow-up request arrived, so the miss does not depend on timing).
// Responses are otherwise the same bytes as without the option: framing, HEAD, 304,
// writeHead with headers, writes before end, streamed bodies.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { Readable } = require('node:stream')
const express = require('express')
const session = require('..')
const { request } = require('./support/http-client')
const { loginApp, lateStore, lateRedisStore } = require('./support/redirect-login')
const { serve: withServer, createTimeline } = require('./support/http')
const { slowStore, spyStore } = require('./support/recording-stores')
const services = require('./support/services')

const SECRET = 'save before headers'
const ROUNDS = 5
const STREAMED_BYTES = 4 * 1024 * 1024

// GETs `path` and, as soon as the response's headers are in (before its body), follows its
// Location with the cookie it set; resolves with the follow-up's JSON.
function followOnHeaders (origin, path) {
  return new Promise((resolve, reject) => {
    const req = http.get(origin + path, { agent: false }, (res) => {
      res.resume()
      const location = res.headers.location
      const setCookie = (res.headers['set-cookie'] || []).find((h) => h.startsWith('connect.sid='))
      if (!location || !setCookie) {
        reject(new Error(`no redirect with a session cookie: ${res.statusCode} ${JSON.stringify(res.headers)}`))
        return
      }
      request(origin, 'GET', location, { cookie: setCookie.split(';', 1)[0] }).then((r) => resolve(r.json), reject)
    })
    req.on('error', reject)
  })
}

function slowThirdPartyStore (until) {
  return lateStore(new session.MemoryStore(), until)
}

describe('saveBeforeHeaders: a client following the redirect on the headers finds the session', () => {
  for (const path of ['/login', '/login-streamed']) {
    test(`${path}, third-party store whose set takes 50 ms`, async () => {
      const { app } = loginApp(slowThirdPartyStore(), { saveBeforeHeaders: true })
      await withServer(app, async (origin) => {
        for (let round = 0; round < ROUNDS; round++) {
          assert.deepEqual(await followOnHeaders(origin, path), { user: 'ann' }, `round ${round + 1}`)
        }
      })
    })

    test(`${path}, native MemoryStore`, async () => {
      const { app } = loginApp(new session.MemoryStore(), { saveBeforeHeaders: true })
      await withServer(app, async (origin) => {
        for (let round = 0; round < ROUNDS; round++) {
          assert.deepEqual(await followOnHeaders(origin, path), { user: 'ann' }, `round ${round + 1}`)
        }
      })
    })

    test(`${path}, memorystore (a real third-party store) made 50 ms slow`, async () => {
      const MemoryStore = require('memorystore')(session)
      const store = new MemoryStore({ checkPeriod: 0 })
      const { app } = loginApp(lateStore(store), { saveBeforeHeaders: true })
      await withServer(app, async (origin) => {
        for (let round = 0; round < ROUNDS; round++) {
          assert.deepEqual(await followOnHeaders(origin, path), { user: 'ann' }, `round ${round + 1}`)
        }
      })
      store.stopInterval()
    })
  }

  test('/login and /login-streamed, connect-redis on Redis, its set made 50 ms late', async (t) => {
    const client = await services.connectRedis()
    if (services.skipIfMissing(t, client, 'Redis')) return
    const prefix = services.uniqueName('save_before_headers') + ':'
    try {
      const { RedisStore } = require('connect-redis')
      const { app } = loginApp(lateStore(new RedisStore({ client, prefix })), { saveBeforeHeaders: true })
      await withServer(app, async (origin) => {
        for (const path of ['/login', '/login-streamed']) {
          for (let round = 0; round < ROUNDS; round++) {
            assert.deepEqual(await followOnHeaders(origin, path), { user: 'ann' }, `${path}, round ${round + 1}`)
          }
        }
      })
    } finally {
      await services.deleteRedisKeys(client, prefix)
      client.destroy()
    }
  })

  test('/login and /login-streamed, native RedisStore, its writes made 50 ms late', async (t) => {
    const client = await services.connectRedis()
    if (services.skipIfMissing(t, client, 'Redis')) return
    const prefix = services.uniqueName('save_before_headers') + ':'
    const store = lateRedisStore({ url: services.REDIS_URL, prefix })
    try {
      const { app } = loginApp(store, { saveBeforeHeaders: true })
      await withServer(app, async (origin) => {
        for (const path of ['/login', '/login-streamed']) {
          for (let round = 0; round < ROUNDS; round++) {
            assert.deepEqual(await followOnHeaders(origin, path), { user: 'ann' }, `${path}, round ${round + 1}`)
          }
        }
      })
    } finally {
      await store.close()
      await services.deleteRedisKeys(client, prefix)
      client.destroy()
    }
  })

  test('without the option the follow-up misses the session (the race these tests close)', async () => {
    const gated = loginApp(slowThirdPartyStore(() => gated.seen()))
    await withServer(gated.app, async (origin) => {
      assert.deepEqual(await followOnHeaders(origin, '/login'), { user: null })
    })
    // With the native store, only a response that starts before its end is exposed.
    const native = loginApp(new session.MemoryStore())
    await withServer(native.app, async (origin) => {
      assert.deepEqual(await followOnHeaders(origin, '/login-streamed'), { user: null })
    })
  })
})

// Handlers whose responses must be the same with and without the option.
const RESPONSES = {
  'send (Content-Length)': (req, res) => res.send('hello'),
  'end without length (chunked)': (req, res) => res.end('hello'),
  'write then end (chunked)': (req, res) => {
    res.write('hel')
    res.end('lo')
  },
  'writeHead with headers, then end': (req, res) => {
    res.writeHead(201, { 'Content-Type': 'text/plain', 'X-Extra': 'yes' })
    res.end('made')
  },
  'writeHead with headers, write, end': (req, res) => {
    res.writeHead(200, { 'Content-Length': '5' })
    res.write('he')
    res.end('llo')
  },
  'flushHeaders, then write and end': (req, res) => {
    res.setHeader('Content-Type', 'text/plain')
    res.flushHeaders()
    res.write('a')
    setImmediate(() => res.end('b'))
  },
  'empty end': (req, res) => res.end(),
  'HEAD-able send': (req, res) => res.send('body for HEAD'),
  'fresh 304': (req, res) => res.set('ETag', '"v1"').send('cached body')
}

function comparable (response) {
  const headers = { ...response.headers }
  delete headers.date
  headers['set-cookie'] = (headers['set-cookie'] || []).length
  return { status: response.status, headers, body: response.text }
}

async function respond (store, options, handler, method, requestHeaders) {
  const app = express()
  app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: true, ...options }))
  app.use((req, res) => {
    req.session.visited = true
    handler(req, res)
  })
  return withServer(app, (origin) => request(origin, method, '/', { headers: requestHeaders }))
}

describe('saveBeforeHeaders: the response is what it is without the option', () => {
  for (const [name, handler] of Object.entries(RESPONSES)) {
    const method = name.startsWith('HEAD') ? 'HEAD' : 'GET'
    const requestHeaders = name.includes('304') ? { 'if-none-match': '"v1"' } : {}
    for (const storeName of ['native', 'third-party']) {
      test(`${name}, ${storeName} store`, async () => {
        const makeStore = () => storeName === 'native' ? new session.MemoryStore() : slowThirdPartyStore()
        const without = await respond(makeStore(), {}, handler, method, requestHeaders)
        const timeline = createTimeline()
        const store = storeName === 'native'
          ? new session.MemoryStore()
          : slowStore(new session.MemoryStore(), timeline, { delay: 50 })
        const withOption = await respond(store, { saveBeforeHeaders: true }, handler, method, requestHeaders)
        assert.deepEqual(comparable(withOption), comparable(without))
        assert.equal(withOption.setCookies.length, 1)
        if (storeName === 'third-party') assert.deepEqual(timeline.names(), ['set start', 'set done'])
      })
    }
  }
})

describe('saveBeforeHeaders: streamed responses', () => {
  test('a large piped body arrives whole, after the session is stored', async () => {
    const timeline = createTimeline()
    const store = slowStore(new session.MemoryStore(), timeline, { delay: 50 })
    const app = express()
    app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, saveBeforeHeaders: true }))
    app.get('/download', (req, res) => {
      req.session.downloads = 1
      res.type('application/octet-stream')
      let sent = 0
      const chunk = Buffer.alloc(64 * 1024, 7)
      Readable.from((function * () {
        while (sent < STREAMED_BYTES) {
          sent += chunk.length
          yield chunk
        }
      })()).pipe(res)
    })
    await withServer(app, async (origin) => {
      const res = await request(origin, 'GET', '/download', { timeline, timeout: 20000 })
      assert.equal(res.status, 200)
      assert.equal(res.body.length, STREAMED_BYTES)
      assert.ok(res.body.every((byte) => byte === 7))
      assert.equal(res.headers['transfer-encoding'], 'chunked')
      assert.equal(res.setCookies.length, 1)
    })
    assert.deepEqual(timeline.names(), ['set start', 'set done', 'client headers', 'client end'])
  })

  test('a change made after the first byte is stored at the end; an unchanged session is stored once', async () => {
    const calls = []
    const store = spyStore(new session.MemoryStore(), calls)
    const app = express()
    app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, saveBeforeHeaders: true }))
    app.get('/late-change', (req, res) => {
      req.session.step = 1
      res.write('a')
      req.session.step = 2
      res.end('b')
    })
    app.get('/no-change', (req, res) => {
      req.session.step = 3
      res.write('a')
      res.end('b')
    })
    await withServer(app, async (origin) => {
      const late = await request(origin, 'GET', '/late-change')
      assert.equal(late.text, 'ab')
      assert.deepEqual(calls, ['set', 'set'])
      const id = decodeURIComponent(late.setCookies[0].split(';', 1)[0].slice('connect.sid='.length)).slice(2).split('.')[0]
      assert.equal(JSON.parse(store.sessions[id]).step, 2)

      calls.length = 0
      const unchanged = await request(origin, 'GET', '/no-change')
      assert.equal(unchanged.text, 'ab')
      assert.deepEqual(calls, ['set'])
    })
  })
})

test('saveBeforeHeaders must be a boolean', () => {
  for (const value of ['yes', 1, null, {}]) {
    assert.throws(() => session({ secret: SECRET, resave: false, saveUninitialized: false, saveBeforeHeaders: value }), {
      name: 'TypeError',
      message: 'saveBeforeHeaders option must be a boolean'
    })
  }
  for (const value of [true, false, undefined]) {
    session({ secret: SECRET, resave: false, saveUninitialized: false, saveBeforeHeaders: value })
  }
})
