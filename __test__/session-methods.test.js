'use strict'

// req.session's methods (regenerate, destroy, reload, save, touch, resetMaxAge) and
// Store.prototype.load / createSession, side by side with express-session 1.19.0. Store
// calls are counted with a spy around a MemoryStore and must match express-session's.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const { frameworks, implementations, createApp, fixedClock } = require('./support/apps')
const { createUser } = require('./support/http-client')
const { sideBySide, serve } = require('./support/http')
const { spyStore, failingStore } = require('./support/recording-stores')

const { ours, theirs } = implementations
const OPTIONS = { secret: 'keyboard cat', resave: false, saveUninitialized: false }
const MINUTE = 60 * 1000

function idOf (cookiePair) {
  const value = decodeURIComponent(cookiePair.slice(cookiePair.indexOf('=') + 1))
  return value.slice(2, value.lastIndexOf('.'))
}

// The store's own methods, bypassing the spy: for changing or reading it behind the
// middleware's back.
function rawStore (session, store) {
  const call = (method, ...args) => new Promise((resolve, reject) => {
    session.MemoryStore.prototype[method].call(store, ...args, (err, value) => (err ? reject(err) : resolve(value)))
  })
  return {
    get: (id) => call('get', id),
    set: (id, sess) => call('set', id, sess),
    destroy: (id) => call('destroy', id)
  }
}

// Logs a user in ('/login' stores { user: 'ann' }), then sends one request to `act`.
// Resolves with what `inspect` makes of it; `calls` lists the store calls of that request.
async function afterLogin (express, session, act, inspect, options = {}) {
  const calls = []
  const store = spyStore(new session.MemoryStore(), calls)
  const raw = rawStore(session, store)
  let seen
  const app = createApp(express, {
    session,
    options: { ...OPTIONS, ...options, store },
    handler (req, res) {
      if (req.path === '/login') {
        req.session.user = 'ann'
        res.end('logged in')
        return
      }
      act(req, res, { raw, report: (value) => { seen = value } })
    }
  })
  return serve(app, async (origin) => {
    const user = createUser(origin)
    await user.get('/login')
    const loginCookie = user.cookie
    calls.length = 0
    const res = await user.get('/act')
    const requestCalls = calls.slice()
    return inspect({ res, seen, calls: requestCalls, raw, loginId: idOf(loginCookie), user })
  })
}

for (const [label, express] of frameworks) {
  describe(`req.session methods on ${label}`, () => {
    test('regenerate gives a new ID, removes the old session and sends the new cookie', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res, { report }) => {
        const oldId = req.sessionID
        const returned = req.session.regenerate((err) => {
          report({ err, oldId, newId: req.sessionID, user: req.session.user, sameId: req.session.id === req.sessionID })
          res.end()
        })
        if (returned !== undefined && !(returned instanceof session.Session)) throw new Error('not chainable')
      }, async ({ res, seen, calls, raw, loginId, user }) => ({
        err: seen.err,
        changed: seen.newId !== seen.oldId,
        oldWasLogin: seen.oldId === loginId,
        user: seen.user,
        sameId: seen.sameId,
        cookieCarriesNewId: res.setCookies.length === 1 && idOf(user.cookie) === seen.newId,
        oldStored: await raw.get(seen.oldId),
        newStored: Object.keys(await raw.get(seen.newId)),
        calls
      })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, {
        err: undefined,
        changed: true,
        oldWasLogin: true,
        user: undefined,
        sameId: true,
        cookieCarriesNewId: true,
        oldStored: undefined,
        newStored: ['cookie'],
        calls: ['get', 'destroy', 'set']
      })
    })

    test('destroy with a callback removes the session and req.session', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res, { report }) => {
        const sess = req.session
        const returned = sess.destroy((err) => {
          report({ err, afterCallback: typeof req.session, returnedSelf: returned === sess, immediately })
          res.end()
        })
        const immediately = typeof req.session
      }, async ({ res, seen, calls, raw, loginId, user }) => {
        const next = await user.get('/act')
        return { ...seen, setCookie: res.setCookies.length, stored: await raw.get(loginId), calls, nextCalls: next.setCookies.length }
      }))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, {
        err: undefined,
        afterCallback: 'undefined',
        returnedSelf: true,
        immediately: 'undefined',
        setCookie: 0,
        stored: undefined,
        calls: ['get', 'destroy'],
        nextCalls: 0
      })
    })

    test('destroy without a callback, then ending the response', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res) => {
        req.session.destroy()
        res.end(typeof req.session)
      }, async ({ res, calls, raw, loginId }) => ({
        body: res.text,
        setCookie: res.setCookies.length,
        stored: await raw.get(loginId),
        calls
      })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { body: 'undefined', setCookie: 0, stored: undefined, calls: ['get', 'destroy'] })
    })

    test('reload picks up a change made to the store behind its back', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, async (req, res, { raw, report }) => {
        const before = req.session
        before.user = 'changed locally'
        const stored = await raw.get(req.sessionID)
        await raw.set(req.sessionID, { ...stored, user: 'bob', visits: 3 })
        before.reload((err) => {
          report({ err, user: req.session.user, visits: req.session.visits, replaced: req.session !== before, isSession: req.session instanceof session.Session })
          res.end()
        })
      }, async ({ seen, calls, raw, loginId }) => ({ ...seen, stored: (await raw.get(loginId)).user, calls })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, {
        err: undefined,
        user: 'bob',
        visits: 3,
        replaced: true,
        isSession: true,
        stored: 'bob',
        // reloaded data differs from what was loaded, so it is saved at the end
        calls: ['get', 'get', 'set']
      })
    })

    test('reload of a session that is gone fails with "failed to load session"', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, async (req, res, { raw, report }) => {
        const before = req.session
        await raw.destroy(req.sessionID)
        before.reload((err) => {
          report({ message: err && err.message, kept: req.session === before })
          res.end()
        })
      }, ({ seen, calls }) => ({ ...seen, calls })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { message: 'failed to load session', kept: true, calls: ['get', 'get', 'touch'] })
    })

    test('reload passes on an error from store.get', async () => {
      const failure = new Error('store is down')
      const results = await sideBySide((session) => afterLogin(express, session, (req, res, { report }) => {
        failingStore(req.sessionStore, 'get', failure)
        req.session.reload((err) => {
          report({ same: err === failure })
          res.end()
        })
      }, ({ seen }) => seen))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { same: true })
    })

    test('an explicit save is not repeated at the end when nothing changed since', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res) => {
        req.session.user = 'bob'
        req.session.save((err) => res.end(String(err)))
      }, async ({ res, calls, raw, loginId }) => ({ body: res.text, calls, user: (await raw.get(loginId)).user })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { body: 'undefined', calls: ['get', 'set', 'touch'], user: 'bob' })
    })

    test('a session modified after an explicit save is saved again at the end', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res) => {
        req.session.user = 'bob'
        req.session.save(() => {
          req.session.user = 'cat'
          res.end()
        })
      }, async ({ calls, raw, loginId }) => ({ calls, user: (await raw.get(loginId)).user })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { calls: ['get', 'set', 'set'], user: 'cat' })
    })

    test('save without a callback still stores the session', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res) => {
        req.session.user = 'dan'
        req.session.save()
        res.end()
      }, async ({ calls, raw, loginId }) => ({ calls, user: (await raw.get(loginId)).user })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { calls: ['get', 'set', 'touch'], user: 'dan' })
    })

    // express-session replaces save and reload on the session it hands out with wrappers
    // that return nothing; regenerate and destroy return the session. (Called without a
    // callback, ours return a Promise instead: see session-promises.test.js.)
    test('what save, reload, regenerate and destroy return on req.session', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res, { report }) => {
        const sess = req.session
        const describe = (value) => (value === sess ? 'the session' : typeof value)
        const returned = { save: describe(sess.save(() => {})) }
        returned.reload = describe(sess.reload(() => {
          const current = req.session
          const regenerated = current.regenerate(() => {
            returned.regenerate = regenerated === current ? 'the session' : typeof regenerated
            const latest = req.session
            const destroyed = latest.destroy(() => {
              returned.destroy = destroyed === latest ? 'the session' : typeof destroyed
              report(returned)
              res.end()
            })
          })
        }))
      }, ({ seen }) => seen))
      assert.deepEqual(results.theirs, { save: 'undefined', reload: 'undefined', regenerate: 'the session', destroy: 'the session' })
      assert.deepEqual(results.ours, results.theirs)
    })

    test('after reload, an explicit save counts for the reloaded session', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res) => {
        req.session.reload(() => {
          req.session.user = 'eve'
          req.session.save(() => res.end())
        })
      }, async ({ calls, raw, loginId }) => ({ calls, user: (await raw.get(loginId)).user })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { calls: ['get', 'get', 'set', 'touch'], user: 'eve' })
    })

    test('an explicit save of a new session sends the cookie and is not repeated', async () => {
      const results = await sideBySide(async (session) => {
        const calls = []
        const store = spyStore(new session.MemoryStore(), calls)
        const app = createApp(express, {
          session,
          options: { ...OPTIONS, store },
          handler (req, res) {
            req.session.user = 'fay'
            req.session.save(() => res.end())
          }
        })
        return serve(app, async (origin) => {
          const res = await createUser(origin).get('/')
          return { calls, setCookie: res.setCookies.length }
        })
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { calls: ['set'], setCookie: 1 })
    })

    test('an unchanged session is touched, not saved, at the end', async () => {
      const results = await sideBySide((session) => afterLogin(express, session, (req, res) => res.end(),
        ({ res, calls }) => ({ calls, setCookie: res.setCookies.length })))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { calls: ['get', 'touch'], setCookie: 0 })
    })

    // Without a spy, our middleware may use its MemoryStore directly: same results expected.
    test('save, regenerate, reload and destroy on a MemoryStore nobody wraps', async () => {
      const paths = ['/login', '/save', '/reload', '/regenerate', '/destroy', '/after']
      const results = await sideBySide(async (session) => {
        const store = new session.MemoryStore()
        const app = createApp(express, {
          session,
          options: { ...OPTIONS, store },
          handler (req, res) {
            const reply = () => res.json({ user: req.session ? req.session.user || null : 'no session' })
            switch (req.path) {
              case '/login':
                req.session.user = 'ann'
                return reply()
              case '/save':
                req.session.user = 'bob'
                return req.session.save(() => {
                  req.session.user = 'cat'
                  reply()
                })
              case '/reload':
                return store.get(req.sessionID, (err, sess) => {
                  if (err) throw err
                  store.set(req.sessionID, { ...sess, user: 'dee' }, () => req.session.reload(reply))
                })
              case '/regenerate':
                return req.session.regenerate(() => {
                  req.session.user = 'eve'
                  reply()
                })
              case '/destroy':
                return req.session.destroy(reply)
              default:
                return reply()
            }
          }
        })
        return serve(app, async (origin) => {
          const user = createUser(origin)
          const seen = []
          for (const path of paths) {
            const res = await user.get(path)
            const all = await new Promise((resolve, reject) => store.all((err, all) => err ? reject(err) : resolve(all)))
            seen.push({ path, reply: res.json.user, setCookie: res.setCookies.length, stored: Object.values(all).map((s) => s.user) })
          }
          return seen
        })
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, [
        { path: '/login', reply: 'ann', setCookie: 1, stored: ['ann'] },
        { path: '/save', reply: 'cat', setCookie: 0, stored: ['cat'] },
        { path: '/reload', reply: 'dee', setCookie: 0, stored: ['dee'] },
        { path: '/regenerate', reply: 'eve', setCookie: 1, stored: ['eve'] },
        { path: '/destroy', reply: 'no session', setCookie: 0, stored: [] },
        { path: '/after', reply: null, setCookie: 0, stored: [] }
      ])
    })

    test('the touch at the end pushes the stored expiry forward', async (t) => {
      const clock = fixedClock(t)
      const results = await sideBySide((session) => {
        const start = clock.now()
        return afterLogin(express, session, (req, res) => {
          clock.advance(10 * 1000)
          res.end(String(req.session.cookie.maxAge))
        }, async ({ res, raw, loginId }) => ({
          maxAgeSeen: Number(res.text),
          storedExpiresIn: Date.parse((await raw.get(loginId)).cookie.expires) - start
        }), { cookie: { maxAge: MINUTE } })
      })
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, { maxAgeSeen: MINUTE - 10 * 1000, storedExpiresIn: 10 * 1000 + MINUTE })
    })
  })
}

describe('Session touch and resetMaxAge', () => {
  const stored = (now) => ({
    cookie: { originalMaxAge: MINUTE, expires: new Date(now + MINUTE).toISOString(), httpOnly: true, path: '/' },
    user: 'ann'
  })

  for (const method of ['touch', 'resetMaxAge']) {
    test(`${method} restores maxAge to originalMaxAge`, (t) => {
      const clock = fixedClock(t)
      const results = {}
      for (const [name, session] of [['theirs', theirs], ['ours', ours]]) {
        const start = clock.now()
        const store = new session.MemoryStore()
        const sess = store.createSession({ sessionID: 'sid', sessionStore: store }, stored(start))
        clock.advance(15 * 1000)
        const before = sess.cookie.maxAge
        const returned = sess[method]()
        results[name] = {
          before,
          after: sess.cookie.maxAge,
          expiresIn: sess.cookie.expires.getTime() - start,
          originalMaxAge: sess.cookie.originalMaxAge,
          chainable: returned === sess
        }
      }
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours, {
        before: 45 * 1000,
        after: MINUTE,
        expiresIn: 15 * 1000 + MINUTE,
        originalMaxAge: MINUTE,
        chainable: true
      })
    })
  }

  test('touch on a session cookie (no maxAge) leaves it without expiry', () => {
    const touched = (session) => {
      const sess = new session.Session({ sessionID: 'sid' }, { cookie: new session.Cookie() })
      sess.touch()
      return JSON.stringify(sess)
    }
    assert.equal(touched(ours), touched(theirs))
    assert.equal(touched(ours), '{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}}')
  })
})

describe('Store.prototype.load and createSession', () => {
  test('load builds a Session from the stored data', async (t) => {
    const clock = fixedClock(t)
    const results = await sideBySide(async (session) => {
      const start = clock.now()
      const store = new session.MemoryStore()
      const cookie = new session.Cookie({ maxAge: MINUTE })
      await new Promise((resolve) => store.set('sid', { cookie, user: 'ann' }, resolve))
      clock.advance(1000)
      const [err, sess] = await new Promise((resolve) => store.load('sid', (...args) => resolve(args)))
      return {
        err,
        isSession: sess instanceof session.Session,
        id: sess.id,
        user: sess.user,
        isCookie: sess.cookie instanceof session.Cookie,
        expiresIsDate: sess.cookie.expires instanceof Date,
        maxAge: sess.cookie.maxAge,
        originalMaxAge: sess.cookie.originalMaxAge,
        expiresIn: sess.cookie.expires.getTime() - start,
        storeOnReq: sess.req.sessionStore === store,
        keys: Object.keys(sess),
        cookieKeys: Object.keys(sess.cookie.toJSON())
      }
    })
    assert.deepEqual(results.ours, results.theirs)
    assert.equal(results.ours.isSession, true)
    assert.equal(results.ours.id, 'sid')
    assert.equal(results.ours.user, 'ann')
    assert.equal(results.ours.maxAge, MINUTE - 1000)
    assert.equal(results.ours.originalMaxAge, MINUTE)
    assert.equal(results.ours.expiresIn, MINUTE)
  })

  test('load of an unknown ID calls back with no arguments', async () => {
    const results = await sideBySide(async (session) => {
      const store = new session.MemoryStore()
      const args = await new Promise((resolve) => store.load('nope', (...args) => resolve(args)))
      return args.length
    })
    assert.equal(results.ours, results.theirs)
    assert.equal(results.ours, 0)
  })

  test('load passes on an error from get', async () => {
    const failure = new Error('no connection')
    const results = await sideBySide(async (session) => {
      const store = failingStore(new session.MemoryStore(), 'get', failure)
      const args = await new Promise((resolve) => store.load('sid', (...args) => resolve(args)))
      return args.length === 1 && args[0] === failure
    })
    assert.deepEqual(results, { theirs: true, ours: true })
  })

  test('createSession sets req.session and keeps originalMaxAge as stored', (t) => {
    const clock = fixedClock(t)
    const results = {}
    for (const [name, session] of [['theirs', theirs], ['ours', ours]]) {
      const start = clock.now()
      const req = { sessionID: 'sid' }
      const data = {
        cookie: { originalMaxAge: 5 * MINUTE, expires: new Date(start + MINUTE).toISOString(), httpOnly: true, path: '/', sameSite: 'lax' },
        cart: [1, 2]
      }
      const sess = new session.Store().createSession(req, data)
      results[name] = {
        returnedIsReqSession: sess === req.session,
        isSession: sess instanceof session.Session,
        isCookie: sess.cookie instanceof session.Cookie,
        expiresIn: sess.cookie.expires.getTime() - start,
        maxAge: sess.cookie.maxAge,
        originalMaxAge: sess.cookie.originalMaxAge,
        json: JSON.stringify(sess)
      }
    }
    assert.deepEqual(results.ours, results.theirs)
    assert.equal(results.ours.returnedIsReqSession, true)
    assert.equal(results.ours.expiresIn, MINUTE)
    assert.equal(results.ours.maxAge, MINUTE)
    assert.equal(results.ours.originalMaxAge, 5 * MINUTE)
  })

  test('createSession with a cookie without expiry', () => {
    const created = (session) => {
      const req = { sessionID: 'sid' }
      const sess = new session.Store().createSession(req, { cookie: { originalMaxAge: null, expires: null, path: '/' }, n: 1 })
      return { json: JSON.stringify(sess), maxAge: sess.cookie.maxAge, expires: sess.cookie.expires }
    }
    assert.deepEqual(created(ours), created(theirs))
    assert.deepEqual(created(ours), {
      json: '{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"n":1}',
      maxAge: null,
      expires: null
    })
  })
})
