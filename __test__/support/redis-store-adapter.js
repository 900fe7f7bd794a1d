'use strict'

// The conformance-suite adapter (see stores/scenarios.js) for session.RedisStore: each store
// gets the run's own prefix; `client` (node-redis, single node or cluster) looks inside.

const services = require('./services')

// The adapter's look inside Redis for any store that keeps `<prefix><id>` → JSON with a TTL
// (connect-redis and RedisStore alike).
function redisKeyInspection (client, prefix) {
  return {
    async held (id) {
      const text = await client.get(prefix + id)
      return text === null ? null : JSON.parse(text)
    },
    async expiresAt (id) {
      const ms = await client.pTTL(prefix + id)
      return ms < 0 ? null : Date.now() + ms
    },
    async age (id, ms) {
      if (!(await client.pExpire(prefix + id, ms))) throw new Error(`no Redis key for ${id}`)
    }
  }
}

function redisStoreAdapter ({ client, storeOptions, keysOf = (prefix) => services.redisKeys(client, prefix) }) {
  const { RedisStore, Store } = require('../..')
  const prefix = services.uniqueName('rstore') + ':'
  const stores = []
  return {
    base: Store,
    // RedisStore sets EX ceil((expires - now) / 1000): whole seconds, as connect-redis.
    granularityMs: 1000,
    expiryWaitMs: 1300,
    removesOnExpiry: true,
    prefix,
    createStore () {
      const store = new RedisStore({ ...storeOptions(), prefix })
      stores.push(store)
      return store
    },
    ...redisKeyInspection(client, prefix),
    async close () {
      try {
        for (const key of await keysOf(prefix)) await client.del(key)
      } finally {
        for (const store of stores) await store.close()
        client.destroy()
      }
    }
  }
}

module.exports = { redisStoreAdapter, redisKeyInspection }
