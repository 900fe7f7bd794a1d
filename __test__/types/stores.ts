// Third-party stores whose typings import 'express-session' are accepted as the `store`
// option once 'express-session' is mapped to this package (see tsconfig.json `paths`),
// as applications are advised to do.

import session from 'express-session-rs'
import createMemoryStore = require('memorystore') // real package, typed against express-session
import { PromiseStore } from 'promise-session-store' // see third-party-store.d.ts

declare const redisClient: unknown

export const promiseStore = session({
  secret: 's',
  resave: false,
  saveUninitialized: false,
  store: new PromiseStore({ client: redisClient, prefix: 'app:', ttl: (sess) => sess.cookie.originalMaxAge ?? 3600 })
})

const LruMemoryStore = createMemoryStore(session)
const lru = new LruMemoryStore({ checkPeriod: 60 * 60 * 1000 })
lru.prune()

export const memory = session({ secret: 's', resave: false, saveUninitialized: false, store: lru })

// Fields declared by merging under 'express-session' land in the same SessionData.
declare module 'express-session' {
  interface SessionData {
    legacyField?: number
  }
}

export function readLegacy (req: import('express').Request): number | undefined {
  return req.session.legacyField
}
