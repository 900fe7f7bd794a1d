'use strict'

// The security properties of the session layer, each with its test:
//
// 1. Signature verification is constant-time in the signature's content (the length is
//    checked first, the content compared without an early exit), and the code says why.
// 2. Session IDs carry 192 bits from an OS-seeded CSPRNG: 1,000,000 IDs, no duplicate, each
//    32 characters of base64url.
// 3. A tampered cookie, or one signed with an unknown secret, never loads a session, and an
//    unknown but validly signed ID is never adopted (no session fixation through the store).
// 4. A cookie marked secure is never set over plain HTTP; `proxy` is honoured as documented.
// 5. Rotation: with `secret: [new, old]`, cookies signed with `old` still load.
// 6. No panic or abort is reachable from JavaScript (every export is exercised by
//    native-random-input.test.js; checked here that it stays that way).
//
// HTTP properties run on express-session-rs and, side by side, on express-session 1.19.0,
// with Express 4 and Express 5. Servers listen on 127.0.0.1.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const http = require('node:http')
const https = require('node:https')
const { spawnSync, execFileSync } = require('node:child_process')
const signature = require('cookie-signature')
const express4 = require('express')
const express5 = require('express5')
const original = require('express-session')
const ours = require('..')
const binding = require('../binding.js')

const ROOT = path.join(__dirname, '..')
const SECRET = 'keyboard cat'
const NAME = 'connect.sid'
const IMPLS = [['express-session', original], ['express-session-rs', ours]]
const FRAMEWORKS = [['Express 4', express4], ['Express 5', express5]]
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/

// ---------------------------------------------------------------------------------------
// HTTP helpers

function request (port, { headers = {}, tls, method = 'GET' } = {}) {
  return new Promise((resolve, reject) => {
    const lib = tls ? https : http
    const req = lib.request({ host: '127.0.0.1', port, path: '/', method, headers, agent: false, rejectUnauthorized: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body
        try { body = JSON.parse(text) } catch { body = text }
        resolve({ status: res.statusCode, setCookie: res.headers['set-cookie'] || [], body })
      })
    })
    req.setTimeout(3000, () => req.destroy(new Error('request timed out')))
    req.on('error', reject)
    req.end()
  })
}

async function serve (app, fn, tlsOptions) {
  const server = tlsOptions ? https.createServer(tlsOptions, app) : http.createServer(app)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    return await fn(server.address().port)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

function storeGet (store, id) {
  return new Promise((resolve, reject) => store.get(id, (err, sess) => err ? reject(err) : resolve(sess)))
}

function storeSet (store, id, sess) {
  return new Promise((resolve, reject) => store.set(id, sess, (err) => err ? reject(err) : resolve()))
}

// An app counting views in the session; `setup(app)` runs before the middleware.
function countingApp (express, impl, options, setup) {
  const app = express()
  if (setup) setup(app)
  app.use(impl(options))
  app.get('/', (req, res) => {
    req.session.views = (req.session.views || 0) + 1
    res.json({ id: req.sessionID, views: req.session.views })
  })
  app.use((err, req, res, next) => res.status(500).json({ error: err.message }))
  return app
}

// The ID a Set-Cookie for NAME carries, verified with `secrets` (null when not verifiable).
function cookieId (setCookie, secrets = [SECRET]) {
  const header = setCookie.find((c) => c.startsWith(NAME + '='))
  if (!header) return undefined
  const value = decodeURIComponent(header.slice(NAME.length + 1).split(';')[0])
  if (!value.startsWith('s:')) return null
  for (const secret of secrets) {
    const id = signature.unsign(value.slice(2), secret)
    if (id !== false) return id
  }
  return null
}

const cookieHeader = (id, secret = SECRET) => `${NAME}=${encodeURIComponent('s:' + signature.sign(id, secret))}`
const seededSession = (views) => ({ cookie: { originalMaxAge: null, expires: null, httpOnly: true, path: '/' }, views })

function quiet () {
  // express-session prints deprecation warnings for some option sets; they are not under test.
  process.noDeprecation = true
}

// ---------------------------------------------------------------------------------------

describe('1. signature verification is constant-time in the signature content', () => {
  const source = fs.readFileSync(path.join(ROOT, 'core', 'src', 'signing.rs'), 'utf8')
  const unsignWith = source.slice(source.indexOf('fn unsign_with'), source.indexOf('\n}\n', source.indexOf('fn unsign_with')))

  it('signing.rs checks the length first, then compares with ConstantTimeEq, and says why', () => {
    assert.ok(unsignWith.length > 0, 'fn unsign_with exists')
    const lengthCheck = unsignWith.indexOf('provided.len() != written')
    const ctEq = unsignWith.indexOf('.ct_eq(')
    assert.ok(lengthCheck !== -1, 'the length is checked')
    assert.ok(ctEq !== -1, 'the content is compared with subtle::ConstantTimeEq')
    assert.ok(lengthCheck < ctEq, 'the length check comes first')
    assert.match(source, /use subtle::ConstantTimeEq;/)
    // The comment explains the choice: constant time, no early exit, what timing would leak.
    assert.match(unsignWith, /constant time/)
    assert.match(unsignWith, /early exit/)
    assert.match(unsignWith, /timing/)
    // No short-circuiting comparison of the signature bytes anywhere in the function.
    assert.doesNotMatch(unsignWith, /provided\s*==|==\s*expected|provided\.starts_with|\.eq\(&expected/)
  })

  it('Rust tests cover it: a structural constant-time test and the rejection of every tampered byte', () => {
    const properties = fs.readFileSync(path.join(ROOT, 'core', 'tests', 'properties.rs'), 'utf8')
    assert.match(properties, /fn signature_comparison_is_constant_time_by_construction\(\)/)
    assert.match(properties, /fn one_changed_signature_byte_is_rejected\(/)
    assert.match(source, /fn tampered_signature_fails\(\)/)
    assert.match(source, /fn wrong_length_fails\(\)/)
  })

  it('through the binding: every wrong length and every single changed character is rejected', () => {
    for (const signer of [new binding.SessionSigner([SECRET]), new binding.SessionSigner(['other', SECRET])]) {
      const id = 'abcdefghijklmnopqrstuvwxyz012345'
      const good = signature.sign(id, SECRET)
      const sig = good.slice(id.length + 1)
      assert.equal(sig.length, 43)
      assert.equal(signer.unsign(good), id)
      for (let length = 0; length <= 100; length++) {
        if (length === 43) continue
        const other = sig.repeat(3).slice(0, length)
        assert.equal(signer.unsign(`${id}.${other}`), null, `length ${length}`)
      }
      assert.equal(signer.unsign(good + '='), null, 'padding restored')
      for (let i = 0; i < 43; i++) {
        for (const c of BASE64) {
          if (c === sig[i]) continue
          const forged = `${id}.${sig.slice(0, i)}${c}${sig.slice(i + 1)}`
          assert.equal(signer.unsign(forged), null, forged)
        }
      }
    }
  })
})

describe('2. session IDs: 192 bits from an OS-seeded CSPRNG', () => {
  it('1,000,000 generated IDs have no duplicate and are 32 characters of base64url', () => {
    const seen = new Set()
    for (let i = 0; i < 1000000; i++) {
      const id = binding.generateSessionId()
      if (!ID_PATTERN.test(id)) assert.fail(`ID ${i} is not 32 base64url characters: ${id}`)
      seen.add(id)
    }
    assert.equal(seen.size, 1000000)
  })

  it('each ID decodes to 24 bytes (192 bits) and every bit is balanced over 100,000 IDs', () => {
    const counts = new Array(192).fill(0)
    const n = 100000
    for (let i = 0; i < n; i++) {
      const bytes = Buffer.from(binding.generateSessionId(), 'base64url')
      assert.equal(bytes.length, 24)
      for (let b = 0; b < 24; b++) {
        const byte = bytes[b]
        for (let bit = 0; bit < 8; bit++) counts[b * 8 + bit] += (byte >> bit) & 1
      }
    }
    // Binomial(n, 1/2): sd = sqrt(n)/2 ≈ 158; 7 sd leaves a false alarm chance below 1e-9.
    const tolerance = 7 * Math.sqrt(n) / 2
    for (let i = 0; i < 192; i++) {
      assert.ok(Math.abs(counts[i] - n / 2) < tolerance, `bit ${i} set ${counts[i]} times in ${n}`)
    }
  })

  it('the generator is seeded by the OS: separate processes produce unrelated IDs', () => {
    const script = `const b = require(${JSON.stringify(path.join(ROOT, 'binding.js'))});` +
      'const ids = []; for (let i = 0; i < 10000; i++) ids.push(b.generateSessionId()); process.stdout.write(ids.join("\\n"))'
    const runs = [0, 1, 2].map(() => execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 }).split('\n'))
    const all = new Set(runs.flat())
    assert.equal(all.size, 30000, 'no ID repeats across processes (a fixed seed would repeat the stream)')
    // And the source says where the randomness comes from.
    const source = fs.readFileSync(path.join(ROOT, 'core', 'src', 'session_id.rs'), 'utf8')
    assert.match(source, /rand::rng\(\)/, 'rand::rng(): ChaCha12, seeded and reseeded from the OS')
    assert.match(source, /const ID_BYTES: usize = 24;/)
    assert.doesNotMatch(source, /seed_from_u64|StdRng::seed|SmallRng/)
  })

  it('the middleware issues such IDs by default', async () => {
    const seen = new Set()
    await serve(countingApp(express4, ours, { secret: SECRET, resave: false, saveUninitialized: true }), async (port) => {
      for (let i = 0; i < 50; i++) {
        const res = await request(port)
        assert.match(res.body.id, ID_PATTERN)
        assert.equal(cookieId(res.setCookie), res.body.id)
        seen.add(res.body.id)
      }
    })
    assert.equal(seen.size, 50)
  })
})

describe('3. forged cookies never load a session; unknown IDs are never adopted', () => {
  before(quiet)

  for (const [frameworkName, express] of FRAMEWORKS) {
    for (const [implName, impl] of IMPLS) {
      it(`${implName}, ${frameworkName}: a tampered signature, ID or secret gives a fresh session`, async () => {
        const store = new impl.MemoryStore()
        const known = 'Known_session_id_0123456789abcde'
        await storeSet(store, known, seededSession(41))
        const good = 's:' + signature.sign(known, SECRET)
        const sig = good.slice(good.lastIndexOf('.') + 1)
        const forgeries = []
        for (let i = 0; i < sig.length; i++) {
          const c = sig[i] === 'A' ? 'B' : 'A'
          forgeries.push(`s:${known}.${sig.slice(0, i)}${c}${sig.slice(i + 1)}`)
        }
        forgeries.push(
          `s:${known.slice(0, -1)}X.${sig}`, // ID changed, signature kept
          `s:${known}x.${sig}`,
          's:' + signature.sign(known, 'not the secret'),
          's:' + signature.sign(known, ''),
          's:' + signature.sign(known, SECRET + ' '),
          known, // unsigned
          `s:${known}`, // no signature
          `s:${known}.`,
          `s:${known}.${sig}.${sig}`
        )
        const app = countingApp(express, impl, { secret: SECRET, resave: false, saveUninitialized: true, store })
        await serve(app, async (port) => {
          const control = await request(port, { headers: { cookie: `${NAME}=${encodeURIComponent(good)}` } })
          assert.deepEqual(control.body, { id: known, views: 42 }, 'the genuine cookie loads')
          await storeSet(store, known, seededSession(41))
          for (const forged of forgeries) {
            const res = await request(port, { headers: { cookie: `${NAME}=${encodeURIComponent(forged)}` } })
            assert.equal(res.status, 200)
            assert.equal(res.body.views, 1, `fresh session for ${forged}`)
            assert.notEqual(res.body.id, known, forged)
            assert.equal(cookieId(res.setCookie), res.body.id, 'a new, properly signed cookie')
          }
        })
        assert.equal((await storeGet(store, known)).views, 41, 'the known session was never touched')
      })
    }
  }

  const COMBOS = []
  for (const saveUninitialized of [true, false]) {
    for (const resave of [true, false]) {
      for (const rolling of [true, false]) COMBOS.push({ saveUninitialized, resave, rolling })
    }
  }

  for (const [frameworkName, express] of FRAMEWORKS) {
    for (const [implName, impl] of IMPLS) {
      it(`${implName}, ${frameworkName}: a validly signed but unknown ID is replaced by a new one (no fixation), under every resave/saveUninitialized/rolling`, async () => {
        for (const combo of COMBOS) {
          for (const modify of [true, false]) {
            const store = new impl.MemoryStore()
            const planted = `attacker-chosen-${implName}`
            const app = express()
            app.use(impl({ secret: SECRET, store, ...combo }))
            app.get('/', (req, res) => {
              if (modify) req.session.user = 'victim'
              res.json({ id: req.sessionID })
            })
            const label = JSON.stringify({ ...combo, modify })
            await serve(app, async (port) => {
              const res = await request(port, { headers: { cookie: cookieHeader(planted) } })
              assert.equal(res.status, 200, label)
              assert.notEqual(res.body.id, planted, `the planted ID is not adopted: ${label}`)
              assert.match(res.body.id, ID_PATTERN, label)
              const issued = cookieId(res.setCookie)
              assert.ok(issued === undefined || issued === res.body.id, `any cookie carries the new ID: ${label}`)
              assert.notEqual(issued, planted, label)
            })
            assert.equal(await storeGet(store, planted), undefined, `nothing stored under the planted ID: ${label}`)
          }
        }
      })
    }
  }
})

describe('4. secure cookies and `proxy`', () => {
  let tlsOptions
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'session-security-'))

  before(() => {
    quiet()
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'cert.pem')],
      { stdio: 'ignore', timeout: 30000 })
      tlsOptions = { key: fs.readFileSync(path.join(tmp, 'key.pem')), cert: fs.readFileSync(path.join(tmp, 'cert.pem')) }
    } catch {
      tlsOptions = undefined
    }
  })
  after(() => fs.rmSync(tmp, { recursive: true, force: true }))

  // [name, { secure, proxy, trustProxy, xfp, tls }, expected: 'none' | 'plain' | 'secure']
  const ROWS = [
    ['secure over plain HTTP', { secure: true }, 'none'],
    ['secure over plain HTTP with X-Forwarded-Proto: https, nothing trusted', { secure: true, xfp: 'https' }, 'none'],
    ['secure, X-Forwarded-Proto: https, proxy undefined, trust proxy on', { secure: true, xfp: 'https', trustProxy: true }, 'secure'],
    ['secure, X-Forwarded-Proto: https, proxy undefined, trust proxy 1', { secure: true, xfp: 'https', trustProxy: 1 }, 'secure'],
    ['secure, X-Forwarded-Proto: https, proxy undefined, trust proxy for another address', { secure: true, xfp: 'https', trustProxy: '10.0.0.1' }, 'none'],
    ['secure, X-Forwarded-Proto: https, proxy true', { secure: true, xfp: 'https', proxy: true }, 'secure'],
    ['secure, X-Forwarded-Proto: https, proxy false, trust proxy on', { secure: true, xfp: 'https', proxy: false, trustProxy: true }, 'none'],
    ['secure, X-Forwarded-Proto: http, proxy true', { secure: true, xfp: 'http', proxy: true }, 'none'],
    ['secure, no X-Forwarded-Proto, proxy true', { secure: true, proxy: true }, 'none'],
    ['secure, X-Forwarded-Proto: HTTPS (case), proxy true', { secure: true, xfp: 'HTTPS', proxy: true }, 'secure'],
    ['secure, X-Forwarded-Proto: "https, http" (first hop), proxy true', { secure: true, xfp: 'https, http', proxy: true }, 'secure'],
    ['secure, X-Forwarded-Proto: "http, https", proxy true', { secure: true, xfp: 'http, https', proxy: true }, 'none'],
    ['secure, X-Forwarded-Proto: "https ,http", proxy true', { secure: true, xfp: 'https ,http', proxy: true }, 'secure'],
    ['secure, X-Forwarded-Proto: httpss, proxy true', { secure: true, xfp: 'httpss', proxy: true }, 'none'],
    ['secure, X-Forwarded-Proto: empty, proxy true', { secure: true, xfp: '', proxy: true }, 'none'],
    ['secure, X-Forwarded-Proto: ",https", proxy true', { secure: true, xfp: ',https', proxy: true }, 'none'],
    ['secure, X-Forwarded-Proto: "https, http", proxy undefined, trust proxy on (Express reads the first value)', { secure: true, xfp: 'https, http', trustProxy: true }, 'secure'],
    ['secure, X-Forwarded-Proto: "http, https", proxy undefined, trust proxy on', { secure: true, xfp: 'http, https', trustProxy: true }, 'none'],
    ['secure "auto" over plain HTTP: cookie without Secure', { secure: 'auto' }, 'plain'],
    ['secure "auto", X-Forwarded-Proto: https, proxy true', { secure: 'auto', xfp: 'https', proxy: true }, 'secure'],
    ['secure "auto", X-Forwarded-Proto: https, proxy false', { secure: 'auto', xfp: 'https', proxy: false }, 'plain'],
    ['secure "auto", X-Forwarded-Proto: https, trust proxy on', { secure: 'auto', xfp: 'https', trustProxy: true }, 'secure'],
    ['not secure over plain HTTP', { secure: false }, 'plain'],
    ['secure over direct TLS, proxy false', { secure: true, tls: true, proxy: false }, 'secure'],
    ['secure over direct TLS, proxy true, X-Forwarded-Proto: http', { secure: true, tls: true, proxy: true, xfp: 'http' }, 'secure'],
    ['secure over direct TLS, proxy undefined', { secure: true, tls: true }, 'secure'],
    ['secure "auto" over direct TLS', { secure: 'auto', tls: true }, 'secure']
  ]

  async function outcome (express, impl, row) {
    const { secure, proxy, trustProxy, xfp, tls } = row
    const options = { secret: SECRET, resave: false, saveUninitialized: true, cookie: { secure } }
    if (proxy !== undefined) options.proxy = proxy
    const store = new impl.MemoryStore()
    options.store = store
    const app = countingApp(express, impl, options, (a) => { if (trustProxy !== undefined) a.set('trust proxy', trustProxy) })
    return serve(app, async (port) => {
      const headers = xfp === undefined ? {} : { 'x-forwarded-proto': xfp }
      const res = await request(port, { headers, tls })
      const cookie = res.setCookie.find((c) => c.startsWith(NAME + '='))
      const stored = await storeGet(store, res.body.id)
      return {
        status: res.status,
        cookie: cookie === undefined ? 'none' : /;\s*Secure/i.test(cookie) ? 'secure' : 'plain',
        attributes: cookie === undefined ? '' : cookie.split(';').slice(1).map((a) => a.trim()).join('; '),
        stored: stored !== undefined
      }
    }, tls ? tlsOptions : undefined)
  }

  for (const [frameworkName, express] of FRAMEWORKS) {
    for (const [name, row, expected] of ROWS) {
      it(`${frameworkName}: ${name} -> ${expected === 'none' ? 'no cookie' : expected === 'secure' ? 'cookie with Secure' : 'cookie without Secure'}`, async (t) => {
        if (row.tls && !tlsOptions) return t.skip('openssl is not available to make a certificate')
        const ourResult = await outcome(express, ours, row)
        assert.equal(ourResult.status, 200)
        assert.equal(ourResult.cookie, expected, JSON.stringify(ourResult))
        const theirs = await outcome(express, original, row)
        assert.deepEqual(ourResult, theirs, 'same as express-session')
      })
    }
  }

  it('a secure cookie is never sent over plain HTTP, whatever the session does (Express 4)', async () => {
    // Loaded, modified, rolling, regenerated, saved explicitly: still no Set-Cookie over HTTP.
    const store = new ours.MemoryStore()
    await storeSet(store, 'loaded-session', seededSession(1))
    const app = express4()
    app.use(ours({ secret: SECRET, resave: true, saveUninitialized: true, rolling: true, store, cookie: { secure: true, maxAge: 60000 } }))
    app.get('/', (req, res, next) => {
      req.session.views = (req.session.views || 0) + 1
      req.session.regenerate((err) => {
        if (err) return next(err)
        req.session.user = 'x'
        req.session.save((err) => err ? next(err) : res.json({ id: req.sessionID }))
      })
    })
    await serve(app, async (port) => {
      for (const cookie of [undefined, cookieHeader('loaded-session')]) {
        const res = await request(port, { headers: cookie ? { cookie } : {} })
        assert.equal(res.status, 200)
        assert.deepEqual(res.setCookie, [], `no Set-Cookie over HTTP (cookie ${cookie})`)
      }
    })
  })
})

describe('5. secret rotation', () => {
  before(quiet)
  const NEW = 'the new secret'
  const OLD = 'the old secret'

  for (const [frameworkName, express] of FRAMEWORKS) {
    for (const [implName, impl] of IMPLS) {
      it(`${implName}, ${frameworkName}: with [new, old], cookies signed with old load; new cookies are signed with new`, async () => {
        const store = new impl.MemoryStore()
        await storeSet(store, 'rotated-session', seededSession(10))
        await serve(countingApp(express, impl, { secret: [NEW, OLD], resave: false, saveUninitialized: true, rolling: true, store }), async (port) => {
          const withOld = await request(port, { headers: { cookie: cookieHeader('rotated-session', OLD) } })
          assert.deepEqual(withOld.body, { id: 'rotated-session', views: 11 })
          assert.equal(cookieId(withOld.setCookie, [NEW]), 'rotated-session', 're-issued, signed with the new secret')
          assert.equal(cookieId(withOld.setCookie, [OLD]), null, 'not signed with the old secret')
          const withNew = await request(port, { headers: { cookie: cookieHeader('rotated-session', NEW) } })
          assert.deepEqual(withNew.body, { id: 'rotated-session', views: 12 })
          const fresh = await request(port)
          assert.equal(cookieId(fresh.setCookie, [NEW]), fresh.body.id)
        })
        // Three secrets: the middle one verifies too; a secret removed from the list no longer does.
        await serve(countingApp(express, impl, { secret: ['third', NEW, OLD], resave: false, saveUninitialized: true, store }), async (port) => {
          const res = await request(port, { headers: { cookie: cookieHeader('rotated-session', NEW) } })
          assert.deepEqual(res.body, { id: 'rotated-session', views: 13 })
        })
        await serve(countingApp(express, impl, { secret: [NEW], resave: false, saveUninitialized: true, store }), async (port) => {
          const res = await request(port, { headers: { cookie: cookieHeader('rotated-session', OLD) } })
          assert.equal(res.body.views, 1, 'the retired secret no longer verifies')
          assert.notEqual(res.body.id, 'rotated-session')
        })
        assert.equal((await storeGet(store, 'rotated-session')).views, 13)
      })
    }
  }

  it('Buffer secrets rotate the same way', async () => {
    const oldKey = Buffer.from([1, 2, 3, 0, 255])
    const store = new ours.MemoryStore()
    await storeSet(store, 'buffer-session', seededSession(0))
    await serve(countingApp(express4, ours, { secret: [Buffer.from('new'), oldKey], resave: false, saveUninitialized: true, store }), async (port) => {
      const res = await request(port, { headers: { cookie: cookieHeader('buffer-session', oldKey) } })
      assert.deepEqual(res.body, { id: 'buffer-session', views: 1 })
    })
  })
})

describe('6. no panic or abort is reachable from JavaScript', () => {
  it('native-random-input.test.js exercises every export, enumerated from the binding itself', () => {
    const source = fs.readFileSync(path.join(__dirname, 'native-random-input.test.js'), 'utf8')
    assert.match(source, /Object\.entries\(binding\)/, 'exports are enumerated, not listed')
    assert.match(source, /Object\.getOwnPropertyNames\(value\.prototype\)/, 'methods are enumerated')
    assert.match(source, /spawnSync\(process\.execPath/, 'in a child process, so an abort is caught')
    assert.match(source, /child\.signal, null/)
  })

  it('every export called with no arguments, and with one of each type, in a child process', () => {
    const script = `
      const b = require(${JSON.stringify(path.join(ROOT, 'binding.js'))})
      const values = [undefined, null, true, 0, -1, NaN, Infinity, 2 ** 53, 10n, Symbol('s'), '', 'x'.repeat(100000),
        '\\uD800', Buffer.from([255]), [], [undefined], {}, () => {}, new b.SessionSigner(['k']), new b.NativeSessionMap()]
      let calls = 0
      const attempt = (fn) => { calls++; try { fn() } catch (err) { if (!(err instanceof Error)) throw new Error('non-Error thrown') } }
      for (const [name, value] of Object.entries(b)) {
        if (typeof value !== 'function') continue
        const isClass = /^[A-Z]/.test(name)
        const run = isClass ? (args) => new value(...args) : (args) => value(...args)
        attempt(() => run([]))
        for (const v of values) attempt(() => run([v, v, v, v, v, v, v, v, v]))
        if (isClass) {
          const instance = (() => { try { return new value(['k']) } catch { return new value() } })()
          for (const m of Object.getOwnPropertyNames(value.prototype)) {
            if (m === 'constructor') continue
            attempt(() => instance[m]())
            for (const v of values) attempt(() => instance[m](v, v, v, v, v, v, v, v, v))
          }
        }
      }
      process.stdout.write(String(calls))`
    const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60000 })
    assert.equal(child.signal, null, child.stderr)
    assert.equal(child.status, 0, child.stderr)
    assert.ok(Number(child.stdout) > 200, child.stdout)
  })

  it('RedisStore\'s exports on a live connection, with one of each type in every position', () => {
    const script = `
      const b = require(${JSON.stringify(path.join(ROOT, 'binding.js'))})
      const values = [undefined, null, true, 0, -1, NaN, Infinity, 2 ** 32, 10n, Symbol('s'), '', 'x'.repeat(100000),
        '\\uD800', Buffer.from([255]), [], ['redis://127.0.0.1:1'], {}, () => {}]
      // A closed loopback port: every command fails fast with a connection error.
      const live = b.redisOpen(['redis://127.0.0.1:1'], false, 'p:', 60, false, 200, 200, null, null, null, () => {})
      const good = { redisGet: [live, 1, 'id'], redisSet: [live, 2, 'id', '{}', NaN, NaN, 0, 0], redisTouch: [live, 3, 'id', NaN, NaN, 0],
        redisMerge: [live, 8, 'id', '{}', '{"a":1}', '{}', NaN, NaN, 0],
        redisDestroy: [live, 4, 'id'], redisPing: [live, 5], redisScan: [live, 6, 0, 10], redisIdle: [live], redisFlush: [live],
        redisOpen: [['redis://127.0.0.1:1'], false, 'p:', 60, false, 200, 200, null, null, null, () => {}] }
      let calls = 0
      const attempt = (fn) => { calls++; try { fn() } catch (err) { if (!(err instanceof Error)) throw new Error('non-Error thrown') } }
      for (const [name, args] of Object.entries(good)) {
        attempt(() => b[name](...args))
        for (let i = 0; i < args.length; i++) {
          for (const v of values) attempt(() => b[name](...args.slice(0, i), v, ...args.slice(i + 1)))
        }
      }
      attempt(() => b.redisClose(live))
      attempt(() => b.redisClose(live))
      attempt(() => b.redisGet(live, 7, 'after close'))
      process.stdout.write(String(calls))`
    const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60000 })
    assert.equal(child.signal, null, child.stderr)
    assert.equal(child.status, 0, child.stderr)
    assert.ok(Number(child.stdout) > 500, child.stdout)
  })
})
