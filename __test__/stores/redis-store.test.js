'use strict'

// session.RedisStore through the shared conformance suite: on the machine's Redis
// (REDIS_URL), looking inside with node-redis (`GET <prefix><id>` and its PTTL).

const { runStoreConformance } = require('./scenarios')
const services = require('../support/services')
const { redisStoreAdapter } = require('../support/redis-store-adapter')

runStoreConformance({
  name: 'RedisStore (native, single Redis)',
  open: async () => {
    const client = await services.connectRedis()
    if (!client) return null
    return redisStoreAdapter({
      client,
      storeOptions: () => ({ url: services.REDIS_URL })
    })
  }
})
