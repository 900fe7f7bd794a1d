'use strict'

// The store calls alone, without HTTP: `get` and `set` of a typical session through the native
// RedisStore and through connect-redis 9 with the `redis` client, and the native store's `merge`
// (concurrency: 'merge', one changed member), 50 in flight, against Redis
// at REDIS_URL. Reports operations per second and the process's CPU µs per operation (all
// threads: the native store's Redis thread is counted).
// Usage: node benchmark/redis-store.js [--seconds 3]

const { parseArgs } = require('util')
const session = require('..')

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '3' } } })
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
const IN_FLIGHT = 50
const CHANGES = { set: { views: 4 }, unset: [] }
const SESSION = {
  cookie: { originalMaxAge: 86400000, expires: new Date(Date.now() + 86400000).toISOString(), httpOnly: true, path: '/' },
  views: 3,
  user: { id: 42, name: 'Ada' }
}

async function measure (label, store, op) {
  const ids = Array.from({ length: 1000 }, (_, i) => `bench${i}`)
  await Promise.all(ids.map((id) => store.set(id, SESSION)))
  const until = Date.now() + Number(args.seconds) * 1000
  let count = 0
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, lane) => {
    let i = lane
    while (Date.now() < until) {
      const id = ids[i++ % ids.length]
      await (op === 'get' ? store.get(id) : op === 'merge' ? store.merge(id, CHANGES, SESSION) : store.set(id, SESSION))
      count++
    }
  }))
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(cpu0)
  await store.clear()
  console.log(`${label.padEnd(44)} ${op}  ${Math.round(count / seconds).toString().padStart(7)} ops/s  ${((cpu.user + cpu.system) / count).toFixed(1).padStart(6)} µs CPU/op`)
}

async function main () {
  const native = new session.RedisStore({ url: REDIS_URL, prefix: `bench-store:${process.pid}:n:` })
  const { createClient } = require('redis')
  const { RedisStore } = require('connect-redis')
  const client = createClient({ url: REDIS_URL })
  await client.connect()
  const js = new RedisStore({ client, prefix: `bench-store:${process.pid}:j:` })
  for (const op of ['get', 'set']) {
    await measure('RedisStore (native)', native, op)
    await measure('connect-redis 9 + redis 6', js, op)
  }
  await measure('RedisStore (native)', native, 'merge')
  await native.close()
  client.destroy()
}

main()
