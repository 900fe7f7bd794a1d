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

// --- RedisStore -------------------------------------------------------------------------
const redisStore = new session.RedisStore({ url: 'redis://127.0.0.1:6379', prefix: 'app:', ttl: (s) => s.cookie.maxAge ? 60 : 30, tls: { ca: Buffer.from('') } })
const clusterStore: session.Store = new session.RedisStore({ nodes: ['redis://127.0.0.1:7000'], scanCount: 500, commandTimeout: 1000 })
redisStore.get('id', (err, sess) => { if (!err && sess) sess.cookie.maxAge })
redisStore.ids((err, ids) => ids && ids.length)
redisStore.get('id', (err, sess) => {
  if (err || !sess) return
  const merged: Promise<void> | undefined = redisStore.merge('id', { set: { views: 2 }, unset: ['flash'] }, sess)
  void merged
})
void clusterStore
