// Misuse the types must reject. Each `@ts-expect-error` fails the check if the line below
// it compiles, so every line here is proven to be an error.

import express from 'express'
import session, { Cookie, SessionData, Store } from 'express-session-rs'

const app = express()

// --- Options ----------------------------------------------------------------------------

// @ts-expect-error `unset` is 'destroy' or 'keep'
app.use(session({ secret: 's', unset: 'maybe' }))

// @ts-expect-error a secret is a string or bytes
app.use(session({ secret: 42 }))

// @ts-expect-error nor is a list of numbers
app.use(session({ secret: ['s', 42] }))

// @ts-expect-error `secret` is required when options are given
app.use(session({ resave: false, saveUninitialized: false }))

// @ts-expect-error `resave` is a boolean
app.use(session({ secret: 's', resave: 'yes' }))

// @ts-expect-error `name` is a string
app.use(session({ secret: 's', name: 123 }))

// @ts-expect-error `genid` returns a string
app.use(session({ secret: 's', genid: () => 123 }))

// @ts-expect-error `saveBeforeHeaders` is a boolean
app.use(session({ secret: 's', saveBeforeHeaders: 'yes' }))

// @ts-expect-error `concurrency` is 'merge' or 'overwrite'
app.use(session({ secret: 's', concurrency: 'lock' }))

// @ts-expect-error unknown option
app.use(session({ secret: 's', maxAge: 1000 }))

// @ts-expect-error `store` must be a Store
app.use(session({ secret: 's', store: new Map() }))

// @ts-expect-error `sameSite` values are fixed
app.use(session({ secret: 's', cookie: { sameSite: 'sometimes' } }))

// @ts-expect-error `priority` values are fixed
app.use(session({ secret: 's', cookie: { priority: 'urgent' } }))

// @ts-expect-error `secure` is a boolean or 'auto'
app.use(session({ secret: 's', cookie: { secure: 'yes' } }))

// @ts-expect-error `maxAge` is in milliseconds, not a string
app.use(session({ secret: 's', cookie: { maxAge: '1h' } }))

// @ts-expect-error the cookie function returns cookie options
app.use(session({ secret: 's', cookie: () => 'path=/' }))

// --- req.session ------------------------------------------------------------------------

declare module 'express-session-rs' {
  interface SessionData {
    userId: string
    views: number
  }
}

app.get('/', (req, res) => {
  // @ts-expect-error a declared field keeps its type
  req.session.views = 'many'

  // @ts-expect-error a declared field may be missing from a given session
  const views: number = req.session.views

  // @ts-expect-error undeclared fields do not exist
  req.session.undeclared = true

  // @ts-expect-error the session ID cannot be changed
  req.session.id = 'other'

  // @ts-expect-error `regenerate` needs its callback
  req.session.regenerate()

  // @ts-expect-error `reload` needs its callback
  req.session.reload()

  // @ts-expect-error `save`'s argument is a callback
  req.session.save(true)

  // @ts-expect-error `req.session` is not any value
  req.session = { views: 1 }

  // @ts-expect-error `cookie.maxAge` is a number of milliseconds
  req.session.cookie.maxAge = '1h'

  // @ts-expect-error `req.sessionID` is a string
  const sid: number = req.sessionID

  res.json({ views, sid })
})

// --- Stores and classes -------------------------------------------------------------

// @ts-expect-error `destroy` is required of a store
class NoDestroy extends Store {
  get (_sid: string, callback: (err: any, session?: SessionData | null) => void): void { callback(null) }
  set (_sid: string, _session: SessionData, callback?: (err?: any) => void): void { callback?.() }
}

class WrongSet extends Store {
  get (_sid: string, callback: (err: any, session?: SessionData | null) => void): void { callback(null) }
  // @ts-expect-error `set` takes the session ID first
  set (session: SessionData, callback?: (err?: any) => void): void { void session; callback?.() }
  destroy (_sid: string, callback?: (err?: any) => void): void { callback?.() }
}

// @ts-expect-error Store is abstract
const bare = new Store()

// @ts-expect-error the Cookie constructor takes cookie options
const badCookie = new Cookie({ sameSite: 'sometimes' })

// @ts-expect-error a store's session data needs its cookie
new session.MemoryStore().set('sid', { userId: 'u', views: 1 })

export { NoDestroy, WrongSet, bare, badCookie }

// MemoryStore options are checked.
// @ts-expect-error ttl is a number or false
new session.MemoryStore({ ttl: 'one day' })
// @ts-expect-error max is a number
new session.MemoryStore({ max: '10' })
