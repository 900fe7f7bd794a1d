// A typical application written against express-session-rs's types. It is only
// type-checked (see tsconfig.json), never run.

import express from 'express'
import session from 'express-session-rs'
import sessionCjs = require('express-session-rs')
import { Cookie, MemoryStore, Session, SessionChanges, SessionData, SessionOptions, Store } from 'express-session-rs'

// The application's session fields, declared under this package's name.
declare module 'express-session-rs' {
  interface SessionData {
    userId: string
    views: number
    cart: Array<{ sku: string, qty: number }>
    flash?: string
  }
}

// --- A custom store -----------------------------------------------------------------

class MapStore extends Store {
  private readonly sessions = new Map<string, string>()

  get (sid: string, callback: (err: any, session?: SessionData | null) => void): void {
    const json = this.sessions.get(sid)
    setImmediate(() => {
      try {
        callback(null, json === undefined ? null : JSON.parse(json) as SessionData)
      } catch (err) {
        callback(err)
      }
    })
  }

  set (sid: string, session: SessionData, callback?: (err?: any) => void): void {
    this.sessions.set(sid, JSON.stringify(session))
    if (callback) setImmediate(callback)
  }

  destroy (sid: string, callback?: (err?: any) => void): void {
    this.sessions.delete(sid)
    if (callback) setImmediate(callback)
  }

  touch (sid: string, session: SessionData, callback?: (err?: any) => void): void {
    const stored = this.sessions.get(sid)
    if (stored !== undefined) {
      const data = JSON.parse(stored) as SessionData
      data.cookie = session.cookie
      this.sessions.set(sid, JSON.stringify(data))
    }
    if (callback) setImmediate(callback)
  }

  merge (sid: string, changes: SessionChanges, session: SessionData, callback?: (err?: any) => void): void {
    const stored = this.sessions.get(sid)
    const data: Record<string, unknown> = stored === undefined ? { ...session } : JSON.parse(stored)
    for (const name of changes.unset) delete data[name]
    Object.assign(data, changes.set, { cookie: session.cookie })
    this.sessions.set(sid, JSON.stringify(data))
    if (callback) setImmediate(callback)
  }

  length (callback: (err: any, length?: number) => void): void {
    setImmediate(callback, null, this.sessions.size)
  }

  clear (callback?: (err?: any) => void): void {
    this.sessions.clear()
    if (callback) setImmediate(callback)
  }
}

// A store that only implements what is required.
class MinimalStore extends session.Store {
  get (_sid: string, callback: (err: any, session?: SessionData | null) => void): void {
    callback(null, null)
  }

  set (_sid: string, _session: SessionData, callback?: (err?: any) => void): void {
    callback?.()
  }

  destroy (_sid: string, callback?: (err?: any) => void): void {
    callback?.()
  }
}

const store = new MapStore()
store.on('disconnect', () => {})
store.emit('connect')

// --- Middleware options ---------------------------------------------------------------

const app = express()
app.set('trust proxy', 1)

const options: SessionOptions = {
  secret: [process.env.SESSION_SECRET ?? 'keyboard cat', Buffer.from('previous secret')],
  name: 'app.sid',
  store,
  resave: false,
  saveUninitialized: false,
  rolling: true,
  proxy: true,
  unset: 'destroy',
  genid: (req) => `${req.ip}-${Date.now()}`,
  // The cookie settings depend on the request.
  cookie: (req) => ({
    path: req.path.startsWith('/admin') ? '/admin' : '/',
    httpOnly: true,
    secure: req.secure || 'auto',
    sameSite: 'lax',
    maxAge: 60 * 60 * 1000,
    partitioned: false,
    priority: 'high'
  })
}
app.use(session(options))

// The other ways of calling it.
app.use('/a', sessionCjs({ secret: 'a', resave: false, saveUninitialized: true, cookie: { maxAge: null } }))
app.use('/b', session({
  secret: new Uint8Array(32),
  key: 'legacy.sid',
  store: new MemoryStore(),
  cookie: { domain: 'example.com', expires: new Date(Date.now() + 1000), secure: 'auto', sameSite: 'auto' }
}))
app.use('/c', session({ secret: 's', store: new MinimalStore(), cookie: { sameSite: true, signed: true } }))
app.use('/d', session({ secret: 's', saveBeforeHeaders: true }))
app.use('/e', session({ secret: 's', concurrency: 'merge' }))
const router = express.Router()
router.use(session({ secret: 's' }))
app.use(router)

// --- Handlers -------------------------------------------------------------------------

app.get('/', (req, res) => {
  // Declared fields are there, and optional: a session may not have them yet.
  const views: number = (req.session.views ?? 0) + 1
  req.session.views = views
  const user: string | undefined = req.session.userId
  req.session.cart ??= []
  req.session.cart.push({ sku: 'abc', qty: 1 })
  req.session.flash = undefined

  const id: string = req.session.id
  const sameId: boolean = id === req.sessionID
  const left: number | null | undefined = req.session.cookie.maxAge
  const original: number | null = req.session.cookie.originalMaxAge
  res.json({ views, user, sameId, left, original })
})

app.post('/login', express.urlencoded({ extended: false }), (req, res, next) => {
  // Regenerate to prevent session fixation, then save before redirecting.
  req.session.regenerate((err) => {
    if (err) return next(err)
    req.session.userId = String(req.body.user)
    req.session.save((err) => {
      if (err) return next(err)
      res.redirect('/')
    })
  })
})

app.post('/logout', (req, res, next) => {
  req.session.userId = undefined
  req.session.save((err) => {
    if (err) return next(err)
    req.session.regenerate((err) => {
      if (err) next(err)
      else res.redirect('/')
    })
  })
})

app.delete('/session', (req, res, next) => {
  req.session.destroy((err) => {
    if (err) return next(err)
    res.sendStatus(204)
  })
})

app.get('/reload', (req, res, next) => {
  // Methods return the session, so calls chain.
  const same: Session = req.session.touch().resetMaxAge()
  same.reload((err) => {
    if (err) return next(err)
    res.send(String(req.session.views))
  })
})

app.get('/cookie', (req, res) => {
  const cookie: Cookie = req.session.cookie
  cookie.maxAge = 10 * 60 * 1000
  cookie.maxAge = null // browser-session cookie
  cookie.expires = false // as the express-session README suggests
  cookie.expires = new Date(Date.now() + 1000)
  const expires: Date | null | undefined = cookie.expires
  cookie.httpOnly = true
  cookie.secure = true
  cookie.sameSite = 'strict'
  cookie.partitioned = true
  cookie.priority = 'low'
  cookie.domain = 'example.com'
  cookie.path = '/'
  const header: string = cookie.serialize('app.sid', 's:abc.def')
  const data = cookie.toJSON()
  const stored: number | null = data.originalMaxAge
  res.json({ expires, header, stored, sameData: cookie.data.path === data.path })
})

app.get('/unset', (req, res) => {
  // With `unset: 'destroy'`, unsetting the session deletes it.
  req.session = null
  res.end()
})

app.get('/store', (req, res, next) => {
  // The store in use, as the middleware sees it.
  req.sessionStore.get(req.sessionID, (err, sess) => {
    if (err) return next(err)
    res.json({ found: sess != null, views: sess?.views })
  })
  req.sessionStore.load(req.sessionID, (err, sess) => {
    if (err) return next(err)
    if (sess) sess.touch().save()
  })
  req.sessionStore.regenerate(req, (err) => { if (err) next(err) })
  req.sessionStore.generate(req)
  const created: Session & SessionData = req.sessionStore.createSession(req, {
    cookie: new Cookie({ maxAge: 1000 }),
    userId: 'u',
    views: 1,
    cart: []
  })
  created.save()
})

// --- MemoryStore and Cookie outside requests ------------------------------------------

const memory = new session.MemoryStore()
memory.set('sid', { cookie: new session.Cookie(), userId: 'u', views: 0, cart: [] }, (err) => {
  if (err) throw err
  memory.get('sid', (err, sess) => {
    if (err) throw err
    const userId: string | undefined = sess?.userId
    void userId
  })
  memory.touch('sid', { cookie: new Cookie({ maxAge: 5000 }), userId: 'u', views: 0, cart: [] })
  memory.all((err, all) => {
    if (!err && all) for (const sid of Object.keys(all)) void all[sid].cookie
  })
  memory.length((err, n) => { void ((n ?? 0) + 1) })
  memory.destroy('sid')
  memory.clear()
  const snapshot: { [sid: string]: string } = memory.sessions
  void snapshot
})

const bounded = new session.MemoryStore({ ttl: 3600000, checkPeriod: 30000, max: 10000, maxBytes: 64 * 1024 * 1024 })
const forever = new MemoryStore({ ttl: false, checkPeriod: false })
const stats: session.MemoryStoreStats = bounded.stats()
void (stats.sessions + stats.bytes + stats.expirations + stats.evictions + stats.heapBytes)
bounded.ids((err, ids) => { if (!err && ids) void ids.length })
bounded.prune((err, removed) => { void ((removed ?? 0) + 1) })
forever.stopInterval()
forever.startInterval()

// Any Store is accepted where express-session's API takes one.
const stores: Store[] = [store, memory, new MinimalStore(), new sessionCjs.MemoryStore()]
void stores

export default app
