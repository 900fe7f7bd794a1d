'use strict'

// The end of the response: with a store that takes 50 ms to call back, the client must not
// see the response complete before the session is stored, and must receive the same status,
// headers and bytes as with express-session 1.19.0. Events are recorded on one timeline:
// '<method> start' / '<method> done' by the store, 'client headers' / 'client end' by a raw
// HTTP client, so their order shows what the client had when the store finished.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const { frameworks, createApp, signedValue } = require('./support/apps')
const { sideBySide, serve, createTimeline } = require('./support/http')
const { request } = require('./support/http-client')
const { spyStore, slowStore, failingStore } = require('./support/recording-stores')

const SECRET = 'keyboard cat'
const OPTIONS = { secret: SECRET, resave: false, saveUninitialized: true }
const CLOSE_TIMEOUT_MS = 2000

function withoutVolatileHeaders (headers) {
  const copy = { ...headers }
  delete copy.date
  copy['set-cookie'] = (copy['set-cookie'] || []).length
  return copy
}

// Resolves when the server side of the response has closed (bounded).
function closedSignal () {
  let onClose
  const closed = new Promise((resolve) => { onClose = resolve })
  const middleware = (req, res, next) => {
    res.on('close', onClose)
    next()
  }
  const wait = () => Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())])
  return { middleware, wait }
}

// Resolves once every store operation on the timeline has finished (bounded).
async function storeSettled (timeline) {
  const pending = () => timeline.entries.filter((e) => e.name.endsWith(' start')).length >
    timeline.entries.filter((e) => e.name.endsWith(' done')).length
  for (let waited = 0; pending() && waited < CLOSE_TIMEOUT_MS; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

// One request to an app whose store is `prepare(memoryStore, timeline)` (by default slow,
// and also waiting for until(timeline): see slowStore). `handler(req, res, note)` may note
// its own events on the timeline.
async function endToEnd (express, session, { handler, method = 'GET', options = {}, cookie, until, prepare }) {
  const timeline = createTimeline()
  const memoryStore = new session.MemoryStore()
  const store = prepare
    ? prepare(memoryStore, timeline)
    : slowStore(memoryStore, timeline, { until: until && (() => until(timeline)) })
  const closed = closedSignal()
  const app = createApp(express, {
    session,
    options: { ...OPTIONS, ...options, store },
    before: [closed.middleware],
    handler: (req, res) => handler(req, res, (name) => timeline.note(name))
  })
  return serve(app, async (origin) => {
    const res = await request(origin, method, '/', { cookie, timeline })
    await closed.wait()
    await storeSettled(timeline)
    await new Promise(setImmediate)
    return {
      status: res.status,
      headers: withoutVolatileHeaders(res.headers),
      body: res.body.toString('hex'),
      timeline: timeline.entries,
      errors: app.errors.map((err) => err.message)
    }
  })
}

function assertStoredBeforeEnd (timeline, operation = 'set') {
  const names = timeline.map((entry) => entry.name)
  assert.ok(names.includes(`${operation} done`), `the store's ${operation} finished: ${names}`)
  assert.ok(names.indexOf(`${operation} done`) < names.indexOf('client end'), `${operation} done before the client saw the end: ${names}`)
}

// For slowStore's `until`: the store finishes only once the client has what the server
// should have sent before the end, so that the order does not depend on scheduling.
const bytesAtLeast = (n) => (timeline) => timeline.bytes >= n
const clientEnded = (timeline) => timeline.names().includes('client end')

const hex = (text, encoding = 'utf8') => Buffer.from(text, encoding).toString('hex')

for (const [label, express] of frameworks) {
  describe(`end of the response on ${label}`, () => {
    test('a chunked body: everything but the end is sent while the session is saved', async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        until: bytesAtLeast(17),
        handler (req, res) {
          res.write('first,')
          res.write('second,')
          res.end('last')
        }
      }))
      assert.deepEqual(results.ours, results.theirs)
      const { ours } = results
      assert.equal(ours.body, hex('first,second,last'))
      assert.equal(ours.headers['transfer-encoding'], 'chunked')
      assert.equal(ours.headers['set-cookie'], 1)
      assertStoredBeforeEnd(ours.timeline)
      assert.deepEqual(ours.timeline, [
        { name: 'set start', bytes: 0 },
        { name: 'client headers', bytes: 0 },
        { name: 'set done', bytes: 17 },
        { name: 'client end', bytes: 17 }
      ])
    })

    const lengthBodies = [
      ['an ASCII string', 'hello world', hex('hello world')],
      ['a Buffer', Buffer.from([0, 1, 2, 254, 255]), '000102feff'],
      ['a multi-byte UTF-8 string', 'héllo wörld €', hex('héllo wörld €')]
    ]
    for (const [kind, body, expected] of lengthBodies) {
      test(`a Content-Length body (${kind}): all but its last byte is sent before the save ends`, async () => {
        const results = await sideBySide((session) => endToEnd(express, session, {
          until: bytesAtLeast(expected.length / 2 - 1),
          handler: (req, res) => res.send(body)
        }))
        assert.deepEqual(results.ours, results.theirs)
        const { ours } = results
        const length = expected.length / 2
        assert.equal(ours.body, expected)
        assert.equal(ours.headers['content-length'], String(length))
        assertStoredBeforeEnd(ours.timeline)
        assert.deepEqual(ours.timeline, [
          { name: 'set start', bytes: 0 },
          { name: 'client headers', bytes: 0 },
          { name: 'set done', bytes: length - 1 },
          { name: 'client end', bytes: length }
        ])
      })
    }

    test('res.end with an encoding and a Content-Length set by hand', async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        until: bytesAtLeast(2),
        handler (req, res) {
          res.setHeader('Content-Length', '3')
          res.end('\xff\xfe\xfd', 'latin1')
        }
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.body, 'fffefd')
      assertStoredBeforeEnd(results.ours.timeline)
    })

    test('res.write before res.end with a Content-Length', async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        until: bytesAtLeast(9),
        handler (req, res) {
          res.setHeader('Content-Length', '10')
          res.write('hello')
          res.end('world')
        }
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.body, hex('helloworld'))
      assert.equal(results.ours.timeline.find((e) => e.name === 'set done').bytes, 9)
      assertStoredBeforeEnd(results.ours.timeline)
    })

    const emptyBodies = [
      ['res.end()', (req, res) => res.end(), 200],
      ['status 204', (req, res) => res.status(204).end(), 204]
    ]
    for (const [kind, handler, status] of emptyBodies) {
      test(`an empty body (${kind}) is only sent once the session is saved`, async () => {
        const results = await sideBySide((session) => endToEnd(express, session, { handler }))
        assert.deepEqual(results.ours, results.theirs)
        assert.equal(results.ours.status, status)
        assert.equal(results.ours.body, '')
        assert.deepEqual(results.ours.timeline.map((e) => e.name), ['set start', 'set done', 'client headers', 'client end'])
      })
    }

    // The headers announce an empty body, so the client has it all before the save ends.
    test("Content-Length: 0 (res.send('')): the client sees the end before the save ends", async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        until: clientEnded,
        handler: (req, res) => res.send('')
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.headers['content-length'], '0')
      assert.deepEqual(results.ours.timeline.map((e) => e.name), ['set start', 'client headers', 'client end', 'set done'])
    })

    const headHandlers = [
      ['res.send', (req, res) => res.send('hello')],
      ['res.end with a Content-Length', (req, res) => {
        res.setHeader('Content-Length', '5')
        res.end('hello')
      }]
    ]
    for (const [kind, handler] of headHandlers) {
      test(`a HEAD request answered with ${kind}`, async () => {
        const results = await sideBySide((session) => endToEnd(express, session, { method: 'HEAD', handler }))
        assert.deepEqual(results.ours, results.theirs)
        assert.equal(results.ours.status, 200)
        assert.equal(results.ours.headers['content-length'], '5')
        assert.equal(results.ours.headers['set-cookie'], 1)
        assert.equal(results.ours.body, '')
        assertStoredBeforeEnd(results.ours.timeline)
      })
    }

    test('res.end called twice: the second call returns false and sends nothing', async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        until: bytesAtLeast(4),
        handler (req, res, note) {
          note(`first returned ${res.end('once')}`)
          note(`second returned ${res.end('twice')}`)
        }
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.body, hex('once'))
      const names = results.ours.timeline.map((e) => e.name)
      assert.ok(names.includes('second returned false'), names)
      assertStoredBeforeEnd(results.ours.timeline)
    })

    test('a response with no store work ends without waiting', async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        options: { saveUninitialized: false },
        handler: (req, res) => res.send('plain')
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.headers['set-cookie'], 0)
      assert.deepEqual(results.ours.timeline.map((e) => e.name), ['client headers', 'client end'])
    })

    // With a MemoryStore nobody wraps, our middleware may store natively and end at once;
    // what the client receives must not change. express-session saves asynchronously even
    // then, so a body given only to res.end goes out chunked.
    const plainStoreHandlers = [
      ['res.write then res.end', (req, res) => {
        res.write('a')
        res.end('b')
      }],
      ['res.send of a string', (req, res) => res.send('héllo')],
      ['res.send of a Buffer', (req, res) => res.send(Buffer.from([1, 2, 3]))],
      ['res.end()', (req, res) => res.end()],
      ["res.end('x')", (req, res) => res.end('x')]
    ]
    for (const [kind, handler] of plainStoreHandlers) {
      test(`with a plain MemoryStore, ${kind} reaches the client as with express-session`, async () => {
        const results = await sideBySide(async (session) => {
          const { timeline, ...rest } = await endToEnd(express, session, { handler, prepare: (store) => store })
          return rest
        })
        assert.deepEqual(results.ours, results.theirs)
      })
    }

    test('with a plain MemoryStore, a touch leaves the response as with express-session', async () => {
      const sid = 'existing-session'
      const results = await sideBySide(async (session) => {
        const { timeline, ...rest } = await endToEnd(express, session, {
          cookie: `connect.sid=${signedValue(sid, SECRET)}`,
          prepare (store) {
            store.set(sid, { cookie: { path: '/', httpOnly: true, originalMaxAge: null }, n: 1 })
            return store
          },
          handler: (req, res) => res.end(String(req.session.n))
        })
        return rest
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.body, hex('1'))
    })

    // res.end(chunk, encoding) is all the middleware passes on, as express-session does.
    const callbackForms = [
      ['res.end(chunk, callback)', (res, callback) => res.end('x', callback), 1],
      ['res.end(chunk, encoding, callback)', (res, callback) => res.end('x', 'utf8', callback), 1],
      ['res.end(callback)', (res, callback) => res.end(callback), 0]
    ]
    for (const [form, end, early] of callbackForms) {
      test(`${form} behaves as with express-session`, async () => {
        const results = await sideBySide(async (session) => {
          let called = false
          let thrown
          const result = await endToEnd(express, session, {
            until: bytesAtLeast(early),
            handler (req, res) {
              try {
                end(res, () => { called = true })
              } catch (err) {
                thrown = err.code
              }
            }
          })
          return { ...result, called, thrown }
        })
        assert.deepEqual(results.ours, results.theirs)
        assertStoredBeforeEnd(results.ours.timeline)
      })
    }
  })

  describe(`store errors on ${label}`, () => {
    const failures = [
      ['set', {}, undefined],
      ['touch', {}, 'existing'],
      ['destroy', { unset: 'destroy' }, 'existing']
    ]
    for (const [method, options, cookieFor] of failures) {
      test(`an error from store.${method} reaches the error handler after a complete response`, async () => {
        const results = await sideBySide(async (session) => {
          const sid = 'existing-session'
          const failure = new Error(`${method} failed`)
          const result = await endToEnd(express, session, {
            options,
            cookie: cookieFor && `connect.sid=${signedValue(sid, SECRET)}`,
            prepare (store, timeline) {
              if (cookieFor) store.set(sid, { cookie: { path: '/', httpOnly: true, originalMaxAge: null } })
              return failingStore(slowStore(store, timeline), method, failure)
            },
            handler (req, res) {
              if (method === 'destroy') req.session = null
              res.send('done')
            }
          })
          return result
        })
        assert.deepEqual(results.ours, results.theirs)
        assert.equal(results.ours.status, 200)
        assert.equal(results.ours.body, hex('done'))
        assert.deepEqual(results.ours.errors, [`${method} failed`])
      })
    }

    test('an error from store.get goes to next(err)', async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        cookie: `connect.sid=${signedValue('some-session', SECRET)}`,
        prepare: (store) => failingStore(store, 'get', new Error('get failed')),
        handler: (req, res) => res.send('handler ran')
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.status, 500)
      assert.equal(results.ours.body, hex('get failed'))
      assert.deepEqual(results.ours.errors, ['get failed'])
    })

    test("a store.get error with code 'ENOENT' means no session: a new one is made", async () => {
      const results = await sideBySide((session) => endToEnd(express, session, {
        cookie: `connect.sid=${signedValue('some-session', SECRET)}`,
        prepare: (store, timeline) => failingStore(slowStore(store, timeline, { until: () => timeline.bytes >= 5 }), 'get',
          Object.assign(new Error('not found'), { code: 'ENOENT' })),
        handler: (req, res) => res.send(req.sessionID === 'some-session' ? 'same id' : 'new id')
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.equal(results.ours.status, 200)
      assert.equal(results.ours.body, hex('new id'))
      assert.equal(results.ours.headers['set-cookie'], 1)
      assert.deepEqual(results.ours.errors, [])
      assertStoredBeforeEnd(results.ours.timeline)
    })
  })
}

// A session JSON.stringify cannot serialize goes to next(err) once, and the error handler's
// own response then goes out whole. (express-session throws out of res.end and never
// completes the response; see hostile-input.test.js.)
const DEEP_ARRAY = Array.from({ length: 5000 }).reduce((inner) => [inner], [])
const UNSERIALIZABLE = [
  ['a BigInt', (session) => { session.n = 10n }, /BigInt/],
  ['a 5,000-deep array', (session) => { session.deep = DEEP_ARRAY }, /call stack/]
]
const ERROR_PAGE_BYTES = 5 * 1024 * 1024

for (const [label, express] of frameworks) {
  describe(`unserializable session data (${label})`, () => {
    for (const [what, poison, pattern] of UNSERIALIZABLE) {
      for (const [how, respond] of [
        ['res.end', (res) => res.end('ok')],
        ['res.writeHead, then res.end', (res) => { res.writeHead(200); res.end('ok') }]
      ]) {
        test(`${what}, answered with ${how}: one error, and the whole response`, async () => {
          const errors = []
          const session = require('..')(OPTIONS)
          const app = express()
          app.use((req, res, next) => session(req, res, (err) => {
            if (err) errors.push(err)
            next(err)
          }))
          app.use((req, res) => {
            poison(req.session)
            respond(res)
          })
          app.use((_err, req, res, next) => {
            if (res.headersSent) return
            res.statusCode = 500
            res.end(Buffer.alloc(ERROR_PAGE_BYTES, 'e'))
          })
          const response = await serve(app, (origin) => request(origin, 'GET', '/'))
          await new Promise((resolve) => setImmediate(resolve))
          assert.equal(errors.length, 1, errors.map(String).join('\n'))
          assert.match(errors[0].message, pattern)
          if (how === 'res.end') {
            assert.equal(response.status, 500)
            assert.equal(response.body.length, ERROR_PAGE_BYTES)
          } else {
            assert.equal(response.status, 200)
            assert.equal(response.body.toString(), 'ok')
          }
        })
      }
    }
  })
}

// Pipelined requests on one connection, behind a third-party store that answers within the
// event-loop turn (express-session's MemoryStore defers its callbacks with setImmediate):
// each response waits for its store call and then goes out whole, in order, and the
// connection serves the next. What the client reads must be byte for byte express-session's.
const PIPELINED_HANDLERS = [
  ['res.send', (req, res) => res.send(String(req.session.n))],
  ['res.write, then res.end', (req, res) => {
    res.write('n=')
    res.end(String(req.session.n))
  }],
  ['res.end without a body', (req, res) => res.end()]
]

async function pipelined (express, session, handler) {
  const sid = 'pipelined-session'
  const store = spyStore(new session.MemoryStore(), [])
  store.set(sid, { cookie: { path: '/', httpOnly: true, originalMaxAge: null }, n: 0 })
  const app = createApp(express, {
    session,
    options: { ...OPTIONS, store },
    handler (req, res) {
      req.session.n++
      handler(req, res)
    }
  })
  const cookie = `connect.sid=${signedValue(sid, SECRET)}`
  const requests = [1, 2, 3].map((i) =>
    `GET /${i} HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookie}\r\n${i === 3 ? 'Connection: close\r\n' : ''}\r\n`).join('')
  return serve(app, (origin) => new Promise((resolve, reject) => {
    const { port } = new URL(origin)
    const socket = require('node:net').connect(Number(port), '127.0.0.1', () => socket.write(requests))
    const chunks = []
    socket.setTimeout(5000, () => socket.destroy(new Error('no complete answer within 5 s')))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve({
      text: Buffer.concat(chunks).toString('latin1').replace(/\r\nDate: [^\r]*/g, ''),
      errors: app.errors.map((err) => err.message)
    }))
  }))
}

for (const [label, express] of frameworks) {
  describe(`pipelined requests behind a store that answers within the turn (${label})`, () => {
    for (const [kind, handler] of PIPELINED_HANDLERS) {
      test(`${kind}: three responses, in order, as with express-session`, async () => {
        const results = await sideBySide((session) => pipelined(express, session, handler))
        assert.deepEqual(results.ours, results.theirs)
        assert.equal(results.ours.text.match(/HTTP\/1\.1 200 OK/g).length, 3)
        assert.deepEqual(results.ours.errors, [])
      })
    }
  })
}
