'use strict'

// connect-redis 9 (with the `redis` client) through express-session-rs: the shared
// conformance suite against Redis, reading `GET <prefix><id>` and its PTTL directly.
// connect-redis takes no session module: its RedisStore extends whatever
// `require('express-session')` gives it. The suite runs twice:
//   - as installed here: RedisStore extends express-session 1.19.0's Store;
//   - through the npm alias ("express-session": "npm:express-session-rs@…"): it extends ours.

const { after } = require('node:test')
const { runStoreConformance } = require('./scenarios')
const services = require('../support/services')
const { createAliasInstall } = require('../support/express-session-alias')
const { redisKeyInspection } = require('../support/redis-store-adapter')

const alias = createAliasInstall({ 'connect-redis': ['dist'] })
after(() => alias.cleanup())

function redisAdapter (loadRedisStore, base) {
  return async function open () {
    const client = await services.connectRedis()
    if (!client) return null
    const { RedisStore } = loadRedisStore()
    const prefix = services.uniqueName('redis') + ':'
    return {
      base: base(),
      // connect-redis sets EX ceil((expires - now) / 1000): whole seconds.
      granularityMs: 1000,
      expiryWaitMs: 1300,
      removesOnExpiry: true,
      createStore () {
        return new RedisStore({ client, prefix })
      },
      ...redisKeyInspection(client, prefix),
      async close () {
        try {
          await services.deleteRedisKeys(client, prefix)
        } finally {
          client.destroy()
        }
      }
    }
  }
}

runStoreConformance({
  name: 'connect-redis (as installed, extends express-session\'s Store)',
  open: redisAdapter(() => require('connect-redis'), () => require('express-session').Store)
})

runStoreConformance({
  name: 'connect-redis (through the express-session alias, extends ours)',
  open: redisAdapter(() => alias.require('connect-redis'), () => require('../..').Store)
})
