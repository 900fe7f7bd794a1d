'use strict'

// The `cookie` option, as an object and as a function of the request: the exact Set-Cookie
// it produces (attribute order included), side by side with express-session 1.19.0.

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const h = require('./support/apps')

const { ours, theirs } = h.implementations
const SECRET = 'keyboard cat'
const ID = 'fixed-session-id'
const PAIR = 'connect.sid=' + h.signedValue(ID, SECRET)
const IN_A_MINUTE = 'Mon, 06 May 2030 07:09:09 GMT' // fixedClock's start + 60 s
const FUTURE = new Date(Date.UTC(2031, 0, 2, 3, 4, 5))
const FUTURE_TEXT = 'Thu, 02 Jan 2031 03:04:05 GMT'

// The Set-Cookie values of one request that arrives without a session cookie.
async function setCookiesFor (express, session, spec) {
  const app = h.createApp(express, {
    session,
    setup: spec.setup,
    options: {
      secret: SECRET,
      resave: false,
      saveUninitialized: true,
      genid: h.fixedId(ID),
      proxy: spec.proxy,
      cookie: spec.cookie
    }
  })
  let req = h.request(spec.tls ? h.httpsServer(app) : app).get(spec.url || '/')
  if (spec.tls) req = req.trustLocalhost()
  if (spec.forwardedProto) req = req.set('X-Forwarded-Proto', spec.forwardedProto)
  const res = await req
  assert.equal(res.status, 200, res.text)
  assert.deepEqual(app.errors, [])
  return h.setCookies(res)
}

const HTTPS_VIA_PROXY = { proxy: true, forwardedProto: 'https' }

const objectCases = [
  { title: 'defaults to Path=/ and HttpOnly', cookie: undefined, attributes: '; Path=/; HttpOnly' },
  { title: 'an empty object keeps the defaults', cookie: {}, attributes: '; Path=/; HttpOnly' },
  { title: 'domain', cookie: { domain: 'example.test' }, attributes: '; Domain=example.test; Path=/; HttpOnly' },
  { title: 'expires', cookie: { expires: FUTURE }, attributes: `; Path=/; Expires=${FUTURE_TEXT}; HttpOnly` },
  { title: 'httpOnly: false', cookie: { httpOnly: false }, attributes: '; Path=/' },
  { title: 'httpOnly: true', cookie: { httpOnly: true }, attributes: '; Path=/; HttpOnly' },
  { title: 'maxAge as a number', cookie: { maxAge: 60000 }, attributes: `; Path=/; Expires=${IN_A_MINUTE}; HttpOnly` },
  { title: 'maxAge: null is a browser-session cookie', cookie: { maxAge: null }, attributes: '; Path=/; HttpOnly' },
  { title: 'maxAge after expires wins', cookie: { expires: FUTURE, maxAge: 60000 }, attributes: `; Path=/; Expires=${IN_A_MINUTE}; HttpOnly` },
  { title: 'expires after maxAge wins', cookie: { maxAge: 60000, expires: FUTURE }, attributes: `; Path=/; Expires=${FUTURE_TEXT}; HttpOnly` },
  { title: 'partitioned: true', cookie: { partitioned: true }, attributes: '; Path=/; HttpOnly; Partitioned' },
  { title: 'partitioned: false', cookie: { partitioned: false }, attributes: '; Path=/; HttpOnly' },
  { title: 'path', cookie: { path: '/admin' }, url: '/admin', attributes: '; Path=/admin; HttpOnly' },
  { title: "priority 'low'", cookie: { priority: 'low' }, attributes: '; Path=/; HttpOnly; Priority=Low' },
  { title: "priority 'medium'", cookie: { priority: 'medium' }, attributes: '; Path=/; HttpOnly; Priority=Medium' },
  { title: "priority 'HIGH' (case-insensitive)", cookie: { priority: 'HIGH' }, attributes: '; Path=/; HttpOnly; Priority=High' },
  { title: 'sameSite: true', cookie: { sameSite: true }, attributes: '; Path=/; HttpOnly; SameSite=Strict' },
  { title: 'sameSite: false', cookie: { sameSite: false }, attributes: '; Path=/; HttpOnly' },
  { title: "sameSite 'lax'", cookie: { sameSite: 'lax' }, attributes: '; Path=/; HttpOnly; SameSite=Lax' },
  { title: "sameSite 'Strict' (case-insensitive)", cookie: { sameSite: 'Strict' }, attributes: '; Path=/; HttpOnly; SameSite=Strict' },
  { title: "sameSite 'none'", cookie: { sameSite: 'none' }, attributes: '; Path=/; HttpOnly; SameSite=None' },
  { title: "sameSite 'auto' over http is Lax", cookie: { sameSite: 'auto' }, attributes: '; Path=/; HttpOnly; SameSite=Lax' },
  { title: "sameSite 'auto' over https (proxy) is None", cookie: { sameSite: 'auto' }, ...HTTPS_VIA_PROXY, attributes: '; Path=/; HttpOnly; SameSite=None' },
  { title: 'secure: true over http sets no cookie', cookie: { secure: true }, none: true },
  { title: 'secure: true over https (proxy)', cookie: { secure: true }, ...HTTPS_VIA_PROXY, attributes: '; Path=/; HttpOnly; Secure' },
  { title: 'secure: true over a TLS socket', cookie: { secure: true }, tls: true, attributes: '; Path=/; HttpOnly; Secure' },
  { title: 'secure: false over https (proxy)', cookie: { secure: false }, ...HTTPS_VIA_PROXY, attributes: '; Path=/; HttpOnly' },
  { title: "secure 'auto' over http", cookie: { secure: 'auto' }, attributes: '; Path=/; HttpOnly' },
  { title: "secure 'auto' over https (proxy)", cookie: { secure: 'auto' }, ...HTTPS_VIA_PROXY, attributes: '; Path=/; HttpOnly; Secure' },
  {
    title: "secure 'auto' over https from Express's trust proxy",
    cookie: { secure: 'auto' },
    setup: (app) => app.set('trust proxy', true),
    forwardedProto: 'https',
    attributes: '; Path=/; HttpOnly; Secure'
  },
  { title: "secure 'auto' over a TLS socket", cookie: { secure: 'auto' }, tls: true, attributes: '; Path=/; HttpOnly; Secure' },
  {
    title: "secure and sameSite 'auto' together over https",
    cookie: { secure: 'auto', sameSite: 'auto' },
    ...HTTPS_VIA_PROXY,
    attributes: '; Path=/; HttpOnly; Secure; SameSite=None'
  },
  {
    title: 'every attribute at once, in cookie order',
    cookie: {
      sameSite: 'strict',
      priority: 'high',
      partitioned: true,
      secure: true,
      httpOnly: true,
      maxAge: 60000,
      path: '/app',
      domain: 'sub.example.test'
    },
    url: '/app/page',
    ...HTTPS_VIA_PROXY,
    attributes: `; Domain=sub.example.test; Path=/app; Expires=${IN_A_MINUTE}; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict`
  }
]

for (const [label, express] of h.frameworks) {
  describe(`cookie option as an object (${label})`, () => {
    for (const spec of objectCases) {
      it(spec.title, async (t) => {
        h.fixedClock(t)
        const mine = await setCookiesFor(express, ours, spec)
        assert.deepEqual(mine, spec.none ? [] : [PAIR + spec.attributes])
        assert.deepEqual(await setCookiesFor(express, theirs, spec), mine)
      })
    }
  })

  describe(`cookie path prefix rule (${label})`, () => {
    // Answers whether the request got a session, and under which cookie.
    async function visit (session, url, spec = {}) {
      const app = h.createApp(express, {
        session,
        mount: spec.mount,
        options: { secret: SECRET, resave: false, saveUninitialized: true, genid: h.fixedId(ID), cookie: { path: '/admin' } },
        handler: (req, res) => res.end(req.session ? 'session' : 'none')
      })
      const res = await h.request(app).get(url)
      assert.equal(res.status, 200)
      return [res.text, h.setCookies(res)]
    }

    const cases = [
      ['/admin', true],
      ['/admin/', true],
      ['/admin/users?tab=1', true],
      ['/administrator', true], // a plain string prefix, as in express-session
      ['/', false],
      ['/other', false],
      ['/ADMIN', false],
      ['/public/admin', false],
      ['/other?next=/admin', false]
    ]
    for (const [url, inside] of cases) {
      it(`${url} ${inside ? 'gets' : 'gets no'} session`, async () => {
        const mine = await visit(ours, url)
        assert.deepEqual(mine, inside
          ? ['session', [PAIR + '; Path=/admin; HttpOnly']]
          : ['none', []])
        assert.deepEqual(await visit(theirs, url), mine)
      })
    }

    it('compares the original URL when the middleware is mounted', async () => {
      const mine = await visit(ours, '/admin/x', { mount: '/admin' })
      assert.deepEqual(mine, ['session', [PAIR + '; Path=/admin; HttpOnly']])
      assert.deepEqual(await visit(theirs, '/admin/x', { mount: '/admin' }), mine)
    })
  })

  describe(`cookie option as a function (${label})`, () => {
    function counted (options) {
      const calls = []
      const fn = function cookieOptions (req) {
        calls.push(req)
        return options(req)
      }
      return { fn, calls }
    }

    function appWith (session, cookie, extra = {}) {
      return h.createApp(express, {
        session,
        options: { secret: SECRET, resave: false, saveUninitialized: true, genid: h.fixedId(ID), ...extra, cookie },
        handler: (req, res) => {
          req.session.visits = (req.session.visits || 0) + 1
          res.end(String(req.session.visits))
        }
      })
    }

    it('is called with the request and its result configures the cookie', async (t) => {
      h.fixedClock(t)
      let seen
      const { fn, calls } = counted((req) => ({ domain: req.get('x-site') + '.example.test', maxAge: 60000 }))
      const app = h.createApp(express, {
        options: { secret: SECRET, resave: false, saveUninitialized: true, genid: h.fixedId(ID), cookie: fn },
        handler: (req, res) => {
          seen = req
          res.end()
        }
      })
      const res = await h.request(app).get('/').set('X-Site', 'blue')
      assert.equal(calls[0], seen)
      assert.deepEqual(h.setCookies(res), [`${PAIR}; Domain=blue.example.test; Path=/; Expires=${IN_A_MINUTE}; HttpOnly`])
    })

    it('gives each request its own options', async () => {
      const { fn } = counted((req) => ({ priority: req.get('x-priority') }))
      const app = appWith(ours, fn)
      const low = await h.request(app).get('/').set('X-Priority', 'low')
      const high = await h.request(app).get('/').set('X-Priority', 'high')
      assert.deepEqual(h.setCookies(low), [PAIR + '; Path=/; HttpOnly; Priority=Low'])
      assert.deepEqual(h.setCookies(high), [PAIR + '; Path=/; HttpOnly; Priority=High'])
    })

    it("uses the function's path for the prefix rule", async () => {
      const { fn, calls } = counted(() => ({ path: '/admin' }))
      const app = h.createApp(express, {
        options: { secret: SECRET, resave: false, saveUninitialized: true, cookie: fn },
        handler: (req, res) => res.end(req.session ? 'session' : 'none')
      })
      assert.equal((await h.request(app).get('/other')).text, 'none')
      assert.equal((await h.request(app).get('/admin/x')).text, 'session')
      assert.equal(calls.length, 2)
    })

    it('is called exactly once for a request without a cookie', async () => {
      const { fn, calls } = counted(() => ({}))
      const res = await h.request(appWith(ours, fn)).get('/')
      assert.equal(res.text, '1')
      assert.equal(calls.length, 1)
    })

    it('is called once when the cookie names a session the store does not have', async () => {
      const { fn, calls } = counted(() => ({}))
      const app = appWith(ours, fn, { secret: SECRET })
      const res = await h.request(app).get('/').set('Cookie', 'connect.sid=' + h.signedValue('gone', SECRET))
      assert.equal(res.text, '1')
      assert.equal(calls.length, 1)
    })

    it('is called once when the session is loaded from the store', async () => {
      const { fn, calls } = counted(() => ({}))
      const app = appWith(ours, fn)
      const first = await h.request(app).get('/')
      const second = await h.request(app).get('/').set('Cookie', h.cookiePair(first))
      assert.equal(second.text, '2')
      assert.equal(calls.length, 2)
    })

    it('express-session calls it twice for a new session (documents the difference)', async () => {
      const { fn, calls } = counted(() => ({}))
      await h.request(appWith(theirs, fn)).get('/')
      assert.equal(calls.length, 2)
    })

    // express-session reads `secure` and `sameSite` from the function itself instead of
    // from its result, so 'auto' is never resolved: the tests below pin our fix and
    // show express-session's behaviour next to it.
    it("resolves secure: 'auto' from the result over http", async () => {
      const spec = { cookie: () => ({ secure: 'auto' }) }
      assert.deepEqual(await setCookiesFor(express, ours, spec), [PAIR + '; Path=/; HttpOnly'])
      // express-session keeps secure: 'auto' (truthy) and sets no cookie over http.
      assert.deepEqual(await setCookiesFor(express, theirs, spec), [])
    })

    it("resolves secure: 'auto' from the result over https", async () => {
      const spec = { cookie: () => ({ secure: 'auto' }), ...HTTPS_VIA_PROXY }
      const mine = await setCookiesFor(express, ours, spec)
      assert.deepEqual(mine, [PAIR + '; Path=/; HttpOnly; Secure'])
      assert.deepEqual(await setCookiesFor(express, theirs, spec), mine)
    })

    for (const [over, extra, sameSite] of [['http', {}, 'Lax'], ['https', HTTPS_VIA_PROXY, 'None']]) {
      it(`resolves sameSite: 'auto' from the result over ${over}`, async () => {
        const spec = { cookie: () => ({ sameSite: 'auto' }), ...extra }
        assert.deepEqual(await setCookiesFor(express, ours, spec), [`${PAIR}; Path=/; HttpOnly; SameSite=${sameSite}`])

        // express-session hands 'auto' to cookie.serialize, which throws.
        const app = appWith(theirs, spec.cookie, { proxy: extra.proxy })
        let req = h.request(app).get('/')
        if (extra.forwardedProto) req = req.set('X-Forwarded-Proto', extra.forwardedProto)
        const res = await req
        assert.deepEqual(h.setCookies(res), [])
        assert.equal((await app.nextError()).message, 'option sameSite is invalid')
      })
    }

    it("resolves both 'auto' values once, from a single call", async () => {
      const { fn, calls } = counted(() => ({ secure: 'auto', sameSite: 'auto' }))
      const app = appWith(ours, fn, { proxy: true })
      const res = await h.request(app).get('/').set('X-Forwarded-Proto', 'https')
      assert.deepEqual(h.setCookies(res), [PAIR + '; Path=/; HttpOnly; Secure; SameSite=None'])
      assert.equal(calls.length, 1)
    })
  })
}
