'use strict'

// The session layers compared in one run: none (bare), express-session 1.19.0 with its own
// MemoryStore, ours with the native MemoryStore, and ours with express-session's JS
// MemoryStore (the path every third-party store takes).
//
// Three bare references (no session at all), because "faster than bare Express" by itself
// says nothing about what a session layer costs:
// - `bare`: a pass-through middleware;
// - `bare-dictionary`: a pass-through that only switches the request and response to
//   dictionary properties, as our middleware does on Node 20 and 22 (lib/property-mode.js).
//   On those engines the switch also speeds up what Express and Node do with the objects
//   afterwards; on Node 24 and 26 it is a cost;
// - `bare-immediate`: the handler sends its response from a setImmediate, which is when our
//   middleware writes a response behind the native MemoryStore (and express-session behind
//   its MemoryStore). Over loopback, responses written in the check phase go out after the
//   event-loop turn's reads, which alone is faster than writing from the parser's callback.
// "The best bare" of a run is the fastest of the three; costs are counted over it.
//
// BENCH_BASELINE=<path to another checkout, built> adds a row `express-session-rs (baseline)`
// running that checkout's package, to compare two versions of ours in one run (and, when
// named, the same with express-session's JS MemoryStore and with that checkout's RedisStore).

const expressSession = require('express-session')
const ours = require('..')
const { prepareForProperties } = require('../lib/property-mode')

function passThrough (req, res, next) {
  next()
}

function dictionaryPassThrough (req, res, next) {
  prepareForProperties(req, res)
  next()
}

const all = [
  { name: 'bare', sessionless: true, create: () => passThrough },
  { name: 'bare-dictionary', sessionless: true, create: () => dictionaryPassThrough },
  { name: 'bare-immediate', sessionless: true, deferResponse: true, create: () => passThrough },
  { name: 'express-session', create: (options) => expressSession(options) },
  { name: 'express-session-rs', create: (options) => ours(options) },
  {
    name: 'express-session-rs + JS store',
    create: (options) => ours({ ...options, store: new expressSession.MemoryStore() })
  }
]

// Sessions in Redis (REDIS_URL, default the local one), each server process under its own
// prefix, cleared when it stops: our native RedisStore, and connect-redis 9 with the `redis`
// client (the best JavaScript path) under ours and under express-session.
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
const redisPrefix = () => `bench:${process.pid}:`

function nativeRedisStore () {
  return new ours.RedisStore({ url: REDIS_URL, prefix: redisPrefix() })
}

function connectRedisStore () {
  const { createClient } = require('redis')
  const { RedisStore } = require('connect-redis')
  const client = createClient({ url: REDIS_URL })
  client.on('error', (err) => console.error('redis client:', err.message))
  client.connect()
  const store = new RedisStore({ client, prefix: redisPrefix() })
  store.close = async () => client.destroy()
  return store
}

// An implementation whose store is made once per server and cleared at exit.
function withStore (name, makeStore, session) {
  let store
  return {
    name,
    create: (options) => {
      store = makeStore()
      return session({ ...options, store })
    },
    close: async () => {
      if (!store) return
      await store.clear()
      await store.close()
    }
  }
}

all.push(
  withStore('express-session-rs + RedisStore', nativeRedisStore, ours),
  withStore('express-session-rs + connect-redis', connectRedisStore, ours),
  withStore('express-session + connect-redis', connectRedisStore, expressSession)
)

// Ours with issue 17's opt-in options that change how a response ends, to state what each
// costs when on. Not in the default runs: name them with --implementations.
for (const [suffix, extra] of [['merge', { concurrency: 'merge' }], ['saveBeforeHeaders', { saveBeforeHeaders: true }]]) {
  all.push({ name: `express-session-rs ${suffix}`, optional: true, create: (options) => ours({ ...options, ...extra }) })
  all.push({
    name: `express-session-rs + JS store ${suffix}`,
    optional: true,
    create: (options) => ours({ ...options, ...extra, store: new expressSession.MemoryStore() })
  })
}

// RedisStore merging (concurrency: 'merge'), for what the server-side merge costs on WRITE.
all.push({ ...withStore('express-session-rs + RedisStore merge', nativeRedisStore, (options) => ours({ ...options, concurrency: 'merge' })), optional: true })

// And with the options of issue 17 that change what a request does (option-variants.js).
all.push(...require('./option-variants')(ours))

if (process.env.BENCH_BASELINE) {
  const baseline = require(require('path').resolve(process.env.BENCH_BASELINE))
  all.push({ name: 'express-session-rs (baseline)', create: (options) => baseline(options) })
  // The baseline behind the asynchronous store paths, run only when named.
  all.push({
    name: 'express-session-rs (baseline) + JS store',
    optional: true,
    create: (options) => baseline({ ...options, store: new expressSession.MemoryStore() })
  })
  const baselineRedisStore = () => new baseline.RedisStore({ url: REDIS_URL, prefix: redisPrefix() })
  all.push({ ...withStore('express-session-rs (baseline) + RedisStore', baselineRedisStore, baseline), optional: true })
}

// The comma-separated names of the implementations a benchmark runs unless told otherwise.
function defaultNames () {
  return all.filter((i) => !i.optional).map((i) => i.name).join(',')
}

module.exports = { all, defaultNames, byName: (name) => all.find((i) => i.name === name) }
