'use strict'

// concurrency: 'merge' behind RedisStore, on the machine's Redis (REDIS_URL) and on a 3-master
// Redis Cluster this file starts: RedisStore#merge applies a request's changed members onto
// the session as Redis holds it, atomically on the server. Overlapping requests each keep
// what they changed; a deleted member stays deleted; a destroyed session is not brought back;
// the stored text is the one the native MemoryStore's merge gives, member order included.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const services = require('./support/services')
const { startCluster } = require('./support/redis-server')
const { listen, createUser, sleep } = require('./support/http-client')
const { PARALLEL, overlapping, memberNames, fifty } = require('./support/merge-race')
const { createRandom } = require('./support/random')

const MERGE = { concurrency: 'merge' }

// Counts the store's merges; fails (rather than passing on the whole-session fallback) when
// the store has no merge.
function countMerges (store) {
  const merge = store.merge
  assert.equal(typeof merge, 'function', 'RedisStore implements merge')
  const counted = { merges: 0 }
  store.merge = function countedMerge (...args) {
    counted.merges++
    return merge.apply(this, args)
  }
  return counted
}

// The races through HTTP, for a store opened by `open()` (null when its server is missing).
function mergeRaces (label, open) {
  describe(`concurrency: 'merge' with RedisStore (${label})`, () => {
    let target
    before(async () => { target = await open() })
    after(async () => { if (target) await target.close() })

    for (const [how, path] of [['setting', '/set/'], ['saving explicitly', '/save/']]) {
      it(`50 overlapping requests each ${how} a member leave all 50 in Redis`, async (t) => {
        if (services.skipIfMissing(t, target, label)) return
        const store = target.store()
        const counted = countMerges(store)
        const data = await overlapping(store, MERGE, memberNames.map((n) => path + n))
        assert.deepEqual(data, { a: 'a', b: 'b', ...fifty })
        assert.equal(counted.merges, PARALLEL)
      })
    }

    it('a member deleted by one request is not brought back by another', async (t) => {
      if (services.skipIfMissing(t, target, label)) return
      const store = target.store()
      countMerges(store)
      const data = await overlapping(store, MERGE, ['/unset/a', '/set/c', '/set/d'])
      assert.deepEqual(data, { b: 'b', c: 'c', d: 'd' })
    })

    it('with resave, a request that changed nothing does not undo another\'s change', async (t) => {
      if (services.skipIfMissing(t, target, label)) return
      const store = target.store()
      countMerges(store)
      const data = await overlapping(store, { ...MERGE, resave: true }, ['/set/c', '/unchanged'])
      assert.deepEqual(data, { a: 'a', b: 'b', c: 'c' })
    })

    it('a destroy racing 50 in-flight merges leaves no key behind', async (t) => {
      if (services.skipIfMissing(t, target, label)) return
      const store = target.store()
      const counted = countMerges(store)
      const app = express()
      app.use(session({ store, secret: 'race', resave: false, saveUninitialized: false, ...MERGE }))
      app.post('/login', (req, res) => {
        req.session.user = 'ada'
        res.json({ id: req.sessionID })
      })
      app.post('/slow/:name', (req, res) => {
        setTimeout(() => {
          req.session[req.params.name] = true
          res.end()
        }, 300)
      })
      app.post('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.end())))
      const server = await listen(app)
      try {
        const user = createUser(server.origin)
        const { json: { id } } = await user.post('/login')
        assert.ok(await store.get(id))
        const slow = memberNames.map((name) => user.post(`/slow/${name}`))
        await sleep(100)
        assert.equal((await user.post('/logout')).status, 200)
        for (const res of await Promise.all(slow)) assert.equal(res.status, 200, res.text)
        assert.equal(counted.merges, PARALLEL)
        assert.equal(await target.read(id), null, 'the destroyed session stays destroyed')
      } finally {
        await server.close()
      }
    })
  })
}

mergeRaces('Redis', async () => {
  const client = await services.connectRedis()
  if (!client) return null
  const prefix = services.uniqueName('rmerge') + ':'
  const stores = []
  return {
    store () {
      const store = new session.RedisStore({ url: services.REDIS_URL, prefix })
      stores.push(store)
      return store
    },
    read: (id) => client.get(prefix + id),
    async close () {
      for (const store of stores) await store.close()
      await services.deleteRedisKeys(client, prefix)
      client.destroy()
    }
  }
})

mergeRaces('3-master Redis Cluster', async () => {
  const binary = services.redisServerBinary()
  if (!binary) return null
  const cluster = await startCluster(binary)
  const stores = []
  const reader = new session.RedisStore({ nodes: cluster.urls, prefix: 'm:' })
  return {
    store () {
      const store = new session.RedisStore({ nodes: cluster.urls, prefix: 'm:' })
      stores.push(store)
      return store
    },
    read: async (id) => ((await reader.get(id)) === null ? null : 'present'),
    async close () {
      for (const store of [...stores, reader]) await store.close()
      await cluster.stop()
    }
  }
})

describe('RedisStore#merge', () => {
  let client
  let store
  const prefix = services.uniqueName('rmergeops') + ':'
  const inAMinute = () => new session.Cookie({ maxAge: 60000 })

  before(async () => {
    client = await services.connectRedis()
    if (client) store = new session.RedisStore({ url: services.REDIS_URL, prefix })
  })

  after(async () => {
    if (store) await store.close()
    if (client) {
      await services.deleteRedisKeys(client, prefix)
      client.destroy()
    }
  })

  // The stored text after `store.set(id, sess)` then each merge, in the native MemoryStore.
  async function inMemoryStore (sess, merges) {
    const memory = new session.MemoryStore()
    memory.set('s', sess)
    for (const [changes, later] of merges) await new Promise((resolve) => memory.merge('s', changes, later, resolve))
    return memory.sessions.s
  }

  it('stores the text the native MemoryStore\'s merge stores, member order included', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const cookie = inAMinute()
    const sess = {
      cookie,
      first: 1,
      'quote"key': 'q',
      ü: [1, '}', { '{': '"' }],
      'back\\slash': 'x',
      last: { n: 1 },
      empty: {}
    }
    const merges = [
      [{ set: JSON.parse('{"first":2,"__proto__":"proto","added":null,"ü":"ü"}'), unset: ['quote"key', 'missing'] }, { cookie: inAMinute() }],
      [{ set: { 'back\\slash': { deep: ['a', 'b'] }, cookie: 'ignored' }, unset: ['empty', 'cookie'] }, { cookie: inAMinute() }],
      [{ set: {}, unset: [] }, { cookie: inAMinute() }]
    ]
    await store.set('s', sess)
    for (const [changes, later] of merges) await store.merge('s', changes, later)
    const stored = await client.get(prefix + 's')
    assert.equal(stored, await inMemoryStore(sess, merges))
    assert.deepEqual(Object.keys(JSON.parse(stored)), ['cookie', 'first', 'ü', 'back\\slash', 'last', '__proto__', 'added'])
  })

  it('stores the same text as the native MemoryStore for 200 generated sessions and changes', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const random = createRandom('redis-store-merge')
    const names = ['a', 'b', 'cookie', '__proto__', 'q"k', 'back\\', 'é中', '😀', '\u2028', '{', '}', '[]', ',', ':', ' ']
    const value = (depth) => {
      switch (random.int(depth > 2 ? 4 : 7)) {
        case 0: return null
        case 1: return random.chance(0.5)
        case 2: return random.between(-1000, 1000) / random.pick([1, 7])
        case 3: return random.mixed(['alnum', 'cookieSyntax', 'unicode', 'astral', 'control'], 12)
        case 4: return Array.from({ length: random.int(4) }, () => value(depth + 1))
        default: return Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.pick(names), value(depth + 1)]))
      }
    }
    const members = () => Object.fromEntries(Array.from({ length: random.int(6) }, () => [random.pick(names), value(0)]))
    for (let i = 0; i < 200; i++) {
      // Through JSON.parse a member named __proto__ is an own member, as in a loaded session.
      const { cookie, ...data } = JSON.parse(JSON.stringify(members()))
      const stored = { cookie: inAMinute(), ...data }
      const changes = { set: JSON.parse(JSON.stringify(members())), unset: Array.from({ length: random.int(3) }, () => random.pick(names)) }
      const later = { cookie: inAMinute() }
      const id = `gen${i}`
      await store.set(id, stored)
      await store.merge(id, changes, later)
      const memory = new session.MemoryStore()
      memory.set(id, stored)
      await new Promise((resolve) => memory.merge(id, changes, later, resolve))
      assert.equal(await client.get(prefix + id), memory.sessions[id], `${JSON.stringify({ stored, changes })} ${random.where(i)}`)
    }
  })

  it('works again after the server forgot its scripts (NOSCRIPT: loaded again)', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    await store.set('flushed', { cookie: inAMinute(), n: 1 })
    await store.merge('flushed', { set: { n: 2 }, unset: [] }, { cookie: inAMinute() })
    await client.scriptFlush()
    await store.merge('flushed', { set: { n: 3 }, unset: [] }, { cookie: inAMinute() })
    assert.equal(JSON.parse(await client.get(prefix + 'flushed')).n, 3)
  })

  it('a session that is not stored is not created', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    await store.merge('gone', { set: { x: 1 }, unset: [] }, { cookie: inAMinute(), x: 1 })
    assert.equal(await client.get(prefix + 'gone'), null)
  })

  it('the expiry is the one set gives: from cookie.expires, and a past one deletes', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    await store.set('ttl', { cookie: inAMinute(), n: 1 })
    const later = new session.Cookie({ maxAge: 3600 * 1000 })
    await store.merge('ttl', { set: { n: 2 }, unset: [] }, { cookie: later })
    const ttl = await client.ttl(prefix + 'ttl')
    assert.ok(ttl > 3500 && ttl <= 3600, `TTL ${ttl}`)
    const past = new session.Cookie({ maxAge: 60000 })
    past.expires = new Date(Date.now() - 1000)
    await store.merge('ttl', { set: { n: 3 }, unset: [] }, { cookie: past })
    assert.equal(await client.get(prefix + 'ttl'), null)
  })

  it('without cookie.expires the ttl option applies, and disableTTL writes without expiry', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const ttlStore = new session.RedisStore({ url: services.REDIS_URL, prefix, ttl: () => 120 })
    const keepStore = new session.RedisStore({ url: services.REDIS_URL, prefix, disableTTL: true })
    try {
      await store.set('opt', { cookie: new session.Cookie(), n: 1 })
      await ttlStore.merge('opt', { set: { n: 2 }, unset: [] }, { cookie: new session.Cookie() })
      const ttl = await client.ttl(prefix + 'opt')
      assert.ok(ttl > 100 && ttl <= 120, `TTL ${ttl}`)
      await keepStore.merge('opt', { set: { n: 3 }, unset: [] }, { cookie: new session.Cookie() })
      assert.equal(await client.ttl(prefix + 'opt'), -1)
      assert.equal(JSON.parse(await client.get(prefix + 'opt')).n, 3)
    } finally {
      await ttlStore.close()
      await keepStore.close()
    }
  })

  it('a stored text that is not a JSON object is replaced by the whole session', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const sess = { cookie: inAMinute(), whole: true }
    for (const text of ['[1]', 'not json', '{"a":1', '{"a":1}x']) {
      await client.set(prefix + 'odd', text)
      await store.merge('odd', { set: { whole: true }, unset: [] }, sess)
      assert.equal(await client.get(prefix + 'odd'), JSON.stringify(sess), text)
    }
  })

  it('with a custom serializer the whole session is written (only if it is still stored)', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    const serializer = { stringify: (s) => 'x' + JSON.stringify(s), parse: (text) => JSON.parse(text.slice(1)) }
    const custom = new session.RedisStore({ url: services.REDIS_URL, prefix, serializer })
    try {
      const sess = { cookie: inAMinute(), n: 1 }
      await custom.merge('ser', { set: { n: 1 }, unset: [] }, sess)
      assert.equal(await client.get(prefix + 'ser'), null)
      await custom.set('ser', { cookie: inAMinute(), n: 0 })
      await custom.merge('ser', { set: { n: 1 }, unset: [] }, sess)
      assert.equal(await client.get(prefix + 'ser'), 'x' + JSON.stringify(sess))
    } finally {
      await custom.close()
    }
  })

  it('answers by callback or promise, and reports Redis errors', async (t) => {
    if (services.skipIfMissing(t, client, 'Redis')) return
    await store.set('cb', { cookie: inAMinute() })
    await new Promise((resolve, reject) => store.merge('cb', { set: { a: 1 }, unset: [] }, { cookie: inAMinute() }, (err) => (err ? reject(err) : resolve())))
    assert.equal(JSON.parse(await client.get(prefix + 'cb')).a, 1)
    const down = new session.RedisStore({ url: 'redis://127.0.0.1:1', connectTimeout: 200, commandTimeout: 500 })
    try {
      await assert.rejects(down.merge('cb', { set: { a: 1 }, unset: [] }, { cookie: inAMinute() }), { code: /^ERR_REDIS_/ })
    } finally {
      await down.close()
    }
  })
})
