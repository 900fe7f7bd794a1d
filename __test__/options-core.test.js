'use strict'

// The middleware's options other than `cookie`: genid, name/key, proxy, resave, rolling,
// saveUninitialized, secret, store and unset. Each scenario runs on our package and on
// express-session 1.19.0 and must give the same observations.

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const cookieParser = require('cookie-parser')
const h = require('./support/apps')
const { mapStoreClass } = require('./support/map-store')

const { ours, theirs } = h.implementations
const SECRET = 'keyboard cat'
const ID = 'fixed-session-id'
const PAIR = 'connect.sid=' + h.signedValue(ID, SECRET)
const START = Date.UTC(2030, 4, 6, 7, 8, 9)

// Runs `scenario(session)` on both packages; both must observe `expected`.
async function sameOnBoth (expected, scenario) {
  assert.deepEqual(await scenario(ours), expected, 'express-session-rs')
  assert.deepEqual(await scenario(theirs), expected, 'express-session')
}

// Counts a store's set, touch and destroy calls (the store stays fully functional).
function spyOn (store) {
  const calls = { set: 0, touch: 0, destroy: 0 }
  for (const method of Object.keys(calls)) {
    const original = store[method]
    store[method] = function () {
      calls[method]++
      return original.apply(this, arguments)
    }
  }
  return calls
}

// Apps without a secret warn through depd: built quietly (options-validation.test.js
// checks the warning's text).
const { quietly } = h

// A handler counting visits in the session, except on /quiet where it leaves it alone.
function countVisits (req, res) {
  if (req.path !== '/quiet') req.session.visits = (req.session.visits || 0) + 1
  res.end(String(req.session.visits))
}

for (const [label, express] of h.frameworks) {
  function appFor (session, options, spec = {}) {
    return h.createApp(express, {
      session,
      handler: countVisits,
      ...spec,
      options: { secret: SECRET, resave: false, saveUninitialized: true, ...options }
    })
  }

  describe(`genid (${label})`, () => {
    it('is called with the request and its ID is signed into the cookie', () => sameOnBoth(
      { sameRequest: true, text: 'custom-7', pair: 'connect.sid=' + h.signedValue('custom-7', SECRET) },
      async (session) => {
        let given, handled
        const app = appFor(session, {
          genid: (req) => {
            given = req
            return 'custom-' + req.get('x-n')
          }
        }, {
          handler: (req, res) => {
            handled = req
            res.end(req.sessionID)
          }
        })
        const res = await h.request(app).get('/').set('X-N', '7')
        return { sameRequest: given === handled, text: res.text, pair: h.cookiePair(res) }
      }))

    it('stores the session under the custom ID and loads it back by it', () => sameOnBoth(
      { stored: 1, second: '2', genidCalls: 1 },
      async (session) => {
        const store = new session.MemoryStore()
        let genidCalls = 0
        const app = appFor(session, {
          store,
          genid: () => {
            genidCalls++
            return ID
          }
        })
        const first = await h.request(app).get('/')
        const stored = await h.storeGet(store, ID)
        const second = await h.request(app).get('/').set('Cookie', h.cookiePair(first))
        return { stored: stored.visits, second: second.text, genidCalls }
      }))
  })

  describe(`name and key (${label})`, () => {
    for (const [title, options, cookieName] of [
      ['name sets the cookie name', { name: 'sid' }, 'sid'],
      ['key is the legacy name', { key: 'legacy.sid' }, 'legacy.sid'],
      ['name wins over key', { name: 'sid', key: 'legacy.sid' }, 'sid']
    ]) {
      it(title, () => sameOnBoth(
        { first: [`${cookieName}=${h.signedValue(ID, SECRET)}; Path=/; HttpOnly`], second: '2', defaultName: '1' },
        async (session) => {
          const app = appFor(session, { ...options, genid: h.fixedId(ID) })
          const first = await h.request(app).get('/')
          const second = await h.request(app).get('/').set('Cookie', h.cookiePair(first, cookieName))
          // The default name is not read when another is configured.
          const defaultName = await h.request(app).get('/').set('Cookie', PAIR)
          return { first: h.setCookies(first), second: second.text, defaultName: defaultName.text }
        }))
    }
  })

  describe(`proxy (${label})`, () => {
    // Whether the request counted as secure, seen through `secure: 'auto'`.
    async function securedFor (session, spec) {
      const app = h.createApp(express, {
        session,
        setup: spec.trustProxy === undefined ? undefined : (app) => app.set('trust proxy', spec.trustProxy),
        options: { secret: SECRET, resave: false, saveUninitialized: true, proxy: spec.proxy, cookie: { secure: 'auto' } }
      })
      let req = h.request(spec.tls ? h.httpsServer(app) : app).get('/')
      if (spec.tls) req = req.trustLocalhost()
      if (spec.header !== undefined) req = req.set('X-Forwarded-Proto', spec.header)
      const cookies = h.setCookies(await req)
      assert.equal(cookies.length, 1)
      return cookies[0].endsWith('; Secure')
    }

    const cases = [
      ['true: X-Forwarded-Proto https', { proxy: true, header: 'https' }, true],
      ['true: upper case', { proxy: true, header: 'HTTPS' }, true],
      ['true: surrounding spaces', { proxy: true, header: '  https  ' }, true],
      ['true: first of a list', { proxy: true, header: 'https, http' }, true],
      ['true: first of a list without spaces', { proxy: true, header: 'https,http' }, true],
      ['true: only the first value counts', { proxy: true, header: 'http, https' }, false],
      ['true: http', { proxy: true, header: 'http' }, false],
      ['true: no header', { proxy: true }, false],
      ['true: ignores Express trust proxy being off', { proxy: true, trustProxy: false, header: 'https' }, true],
      ['true: a TLS socket', { proxy: true, tls: true }, true],
      ['false: ignores the header', { proxy: false, header: 'https' }, false],
      ['false: ignores the header even with Express trust proxy', { proxy: false, trustProxy: true, header: 'https' }, false],
      ['false: a TLS socket', { proxy: false, tls: true }, true],
      ['undefined: Express trust proxy true', { trustProxy: true, header: 'https' }, true],
      ['undefined: Express trust proxy loopback', { trustProxy: 'loopback', header: 'https' }, true],
      ['undefined: Express trust proxy off', { trustProxy: false, header: 'https' }, false],
      ['undefined: no trust proxy setting', { header: 'https' }, false],
      ['undefined: a TLS socket', { tls: true }, true]
    ]
    for (const [title, spec, secure] of cases) {
      it(`${title} → ${secure ? 'secure' : 'not secure'}`, () =>
        sameOnBoth(secure, (session) => securedFor(session, spec)))
    }
  })

  describe(`resave (${label})`, () => {
    for (const resave of [true, false]) {
      it(`${resave}: ${resave ? 'saves' : 'touches'} an unmodified loaded session`, () => sameOnBoth(
        resave ? { set: 2, touch: 0 } : { set: 1, touch: 1 },
        async (session) => {
          const store = new session.MemoryStore()
          const calls = spyOn(store)
          const app = appFor(session, { store, resave })
          const first = await h.request(app).get('/')
          await h.request(app).get('/quiet').set('Cookie', h.cookiePair(first))
          return { set: calls.set, touch: calls.touch }
        }))

      // What resave means for concurrent requests: resaving writes back the copy the
      // request loaded over a change made meanwhile. Runs on the unspied default store.
      it(`${resave}: ${resave ? 'overwrites' : 'keeps'} a change made to the store during the request`, () => sameOnBoth(
        resave ? 1 : 2,
        async (session) => {
          const store = new session.MemoryStore()
          const app = appFor(session, { store, resave, genid: h.fixedId(ID) }, {
            handler: (req, res) => {
              if (req.path === '/init') {
                req.session.n = 1
                res.end()
                return
              }
              h.storeGet(store, ID).then((stored) => {
                stored.n = 2
                store.set(ID, stored, () => res.end())
              })
            }
          })
          await h.request(app).get('/init')
          await h.request(app).get('/').set('Cookie', PAIR)
          return (await h.storeGet(store, ID)).n
        }))
    }
  })

  describe(`rolling (${label})`, () => {
    it('true: sets the cookie on every response and touches the store (resave false)', (t) => {
      const clock = h.fixedClock(t, START)
      return sameOnBoth(
        {
          second: [`${PAIR}; Path=/; Expires=Mon, 06 May 2030 07:09:19 GMT; HttpOnly`],
          calls: { set: 1, touch: 1, destroy: 0 },
          storedExpires: '2030-05-06T07:09:19.000Z'
        },
        async (session) => {
          clock.set(START)
          const store = new session.MemoryStore()
          const calls = spyOn(store)
          const app = appFor(session, { store, rolling: true, genid: h.fixedId(ID), cookie: { maxAge: 60000 } })
          await h.request(app).get('/')
          clock.advance(10000)
          const second = await h.request(app).get('/quiet').set('Cookie', PAIR)
          const stored = await h.storeGet(store, ID)
          return { second: h.setCookies(second), calls: { ...calls }, storedExpires: stored.cookie.expires }
        })
    })

    // Same on the unspied default store, which ours may update without calling touch().
    it('true: the default MemoryStore keeps the rolled expiry', (t) => {
      const clock = h.fixedClock(t, START)
      return sameOnBoth('2030-05-06T07:09:19.000Z', async (session) => {
        clock.set(START)
        const store = new session.MemoryStore()
        const app = appFor(session, { store, rolling: true, genid: h.fixedId(ID), cookie: { maxAge: 60000 } })
        await h.request(app).get('/')
        clock.advance(10000)
        await h.request(app).get('/quiet').set('Cookie', PAIR)
        return (await h.storeGet(store, ID)).cookie.expires
      })
    })

    it('false: no cookie on a response for an unmodified loaded session', () => sameOnBoth(
      [],
      async (session) => {
        const app = appFor(session, { rolling: false, cookie: { maxAge: 60000 } })
        const first = await h.request(app).get('/')
        return h.setCookies(await h.request(app).get('/quiet').set('Cookie', h.cookiePair(first)))
      }))

    it('true with saveUninitialized false: no cookie for an uninitialized session', () => sameOnBoth(
      [],
      async (session) => {
        const app = appFor(session, { rolling: true, saveUninitialized: false })
        return h.setCookies(await h.request(app).get('/quiet'))
      }))
  })

  describe(`saveUninitialized (${label})`, () => {
    for (const [saveUninitialized, path, expected] of [
      [true, '/quiet', { cookies: [PAIR + '; Path=/; HttpOnly'], stored: true }],
      [false, '/quiet', { cookies: [], stored: false }],
      [false, '/', { cookies: [PAIR + '; Path=/; HttpOnly'], stored: true }]
    ]) {
      const what = path === '/quiet' ? 'an untouched new session' : 'a modified new session'
      it(`${saveUninitialized}: ${expected.stored ? 'saves' : 'does not save'} ${what}`, () => sameOnBoth(
        expected,
        async (session) => {
          const store = new session.MemoryStore()
          const app = appFor(session, { store, saveUninitialized, genid: h.fixedId(ID) })
          const res = await h.request(app).get(path)
          return { cookies: h.setCookies(res), stored: (await h.storeGet(store, ID)) !== undefined }
        }))
    }
  })

  describe(`secret (${label})`, () => {
    for (const [title, secret, signingText] of [
      ['a string', 'string secret', 'string secret'],
      ['a Buffer', Buffer.from('buffer secret'), 'buffer secret'],
      ['an array: the first signs', ['newest', 'older'], 'newest']
    ]) {
      it(`${title}`, () => sameOnBoth(
        [`connect.sid=${h.signedValue(ID, signingText)}; Path=/; HttpOnly`],
        async (session) => {
          const app = appFor(session, { secret, genid: h.fixedId(ID) })
          return h.setCookies(await h.request(app).get('/'))
        }))
    }

    it('an array: every secret verifies, and a rolled cookie is re-signed with the first', () => sameOnBoth(
      { loaded: '2', resigned: [`connect.sid=${h.signedValue(ID, 'new')}; Path=/; HttpOnly`], forged: '1' },
      async (session) => {
        const store = new session.MemoryStore()
        const before = appFor(session, { store, secret: 'old', genid: h.fixedId(ID) })
        const first = await h.request(before).get('/')
        // Built second: each middleware installs its own store.generate on the shared store.
        const after = appFor(session, { store, secret: ['new', 'old'], rolling: true })
        const loaded = await h.request(after).get('/').set('Cookie', h.cookiePair(first))
        const forged = await h.request(after).get('/')
          .set('Cookie', 'connect.sid=' + h.signedValue(ID, 'unknown'))
        return { loaded: loaded.text, resigned: h.setCookies(loaded), forged: forged.text }
      }))

    it("missing: signs with cookie-parser's req.secret", () => sameOnBoth(
      { cookies: [`connect.sid=${h.signedValue(ID, 'parser secret')}; Path=/; HttpOnly`], second: '2' },
      async (session) => {
        const app = quietly(() => appFor(session, { secret: undefined, genid: h.fixedId(ID) }, {
          before: [cookieParser('parser secret')]
        }))
        const first = await h.request(app).get('/')
        const second = await h.request(app).get('/').set('Cookie', h.cookiePair(first))
        return { cookies: h.setCookies(first), second: second.text }
      }))

    it('missing without cookie-parser: the error reaches next()', () => sameOnBoth(
      { status: 500, text: 'secret option required for sessions', errors: ['secret option required for sessions'] },
      async (session) => {
        const app = quietly(() => appFor(session, { secret: undefined }))
        const res = await h.request(app).get('/')
        return { status: res.status, text: res.text, errors: app.errors.map((err) => err.message) }
      }))
  })

  describe(`store (${label})`, () => {
    it('keeps sessions in the given store', () => sameOnBoth(
      { ids: [ID], stored: { cookie: { originalMaxAge: null, expires: null, httpOnly: true, path: '/' }, visits: 1 }, second: '2' },
      async (session) => {
        const MapStore = mapStoreClass(session.Store)
        const store = new MapStore()
        const app = appFor(session, { store, genid: h.fixedId(ID) })
        const first = await h.request(app).get('/')
        const stored = JSON.parse(store.map.get(ID))
        const second = await h.request(app).get('/').set('Cookie', h.cookiePair(first))
        return { ids: [...store.map.keys()], stored, second: second.text }
      }))
  })

  describe(`unset (${label})`, () => {
    for (const [title, unset, expected] of [
      ['default keeps the stored session', undefined, { afterDrop: 1, next: '2' }],
      ["'keep' keeps the stored session", 'keep', { afterDrop: 1, next: '2' }],
      ["'destroy' removes it from the store", 'destroy', { afterDrop: undefined, next: '1' }]
    ]) {
      it(title, () => sameOnBoth(
        { ...expected, dropCookies: [] },
        async (session) => {
          const store = new session.MemoryStore()
          const app = appFor(session, { store, unset, genid: h.fixedId(ID) }, {
            handler: (req, res, next) => {
              if (req.path !== '/drop') return countVisits(req, res, next)
              req.session = null
              res.end('dropped')
            }
          })
          await h.request(app).get('/')
          const drop = await h.request(app).get('/drop').set('Cookie', PAIR)
          const stored = await h.storeGet(store, ID)
          const next = await h.request(app).get('/').set('Cookie', PAIR)
          return { afterDrop: stored && stored.visits, next: next.text, dropCookies: h.setCookies(drop) }
        }))
    }
  })
}
