'use strict'

// memorystore (an LRU-backed store that takes the session module as an argument) through
// express-session-rs: the shared conformance suite, looking into its LRU cache directly.

const { runStoreConformance } = require('./scenarios')

runStoreConformance({
  name: 'memorystore',
  async open (session) {
    // As its README wires it: require('memorystore')(session), here with our module.
    const MemoryStore = require('memorystore')(session)
    const stores = []
    return {
      granularityMs: 0,
      expiryWaitMs: 1300,
      removesOnExpiry: true,
      createStore () {
        // No checkPeriod: no prune interval to clean up; expired entries go on access.
        const store = new MemoryStore({})
        stores.push(store)
        return store
      },
      held (id, store) {
        const text = store.store.peek(id)
        return text === undefined ? null : JSON.parse(text)
      },
      expiresAt (id, store) {
        const entry = store.store.dump().find((hit) => hit.k === id)
        return entry === undefined ? null : entry.e
      },
      age (id, ms, store) {
        const text = store.store.peek(id)
        if (text === undefined) throw new Error(`memorystore holds no ${id}`)
        store.store.set(id, text, ms)
      },
      close () {
        for (const store of stores) {
          store.stopInterval()
          store.store.reset()
        }
      }
    }
  }
})
