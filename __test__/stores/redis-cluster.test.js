'use strict'

// session.RedisStore on a 3-master Redis Cluster that this file starts itself (redis-server
// processes on free loopback ports, joined with `redis-cli --cluster create`, stopped by
// PID): the conformance suite, and the store-wide operations across every master.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { runStoreConformance } = require('./scenarios')
const services = require('../support/services')
const { startCluster } = require('../support/redis-server')
const { redisStoreAdapter } = require('../support/redis-store-adapter')

async function connectCluster (cluster) {
  const { createCluster } = require('redis')
  const client = createCluster({ rootNodes: cluster.urls.map((url) => ({ url })) })
  client.on('error', () => {})
  await client.connect()
  return client
}

// Every key under `prefix` on every master.
async function clusterKeys (client, prefix) {
  const keys = []
  for (const master of client.masters) {
    const node = await client.nodeClient(master)
    for await (const batch of node.scanIterator({ MATCH: prefix + '*', COUNT: 100 })) keys.push(...[].concat(batch))
  }
  return keys.sort()
}

runStoreConformance({
  name: 'RedisStore (native, 3-master Redis Cluster)',
  open: async () => {
    const binary = services.redisServerBinary()
    if (!binary) return null
    const cluster = await startCluster(binary)
    const client = await connectCluster(cluster)
    const adapter = redisStoreAdapter({
      client,
      storeOptions: () => ({ nodes: cluster.urls }),
      keysOf: (prefix) => clusterKeys(client, prefix)
    })
    const close = adapter.close
    adapter.close = async () => {
      try { await close() } finally { await cluster.stop() }
    }
    return adapter
  }
})

describe('RedisStore on a Redis Cluster: all, ids, length, clear across every master', () => {
  let cluster
  let client
  let store
  const { RedisStore } = require('../..')

  before(async () => {
    const binary = services.redisServerBinary()
    if (!binary) return
    cluster = await startCluster(binary)
    client = await connectCluster(cluster)
    store = new RedisStore({ nodes: cluster.urls, prefix: 'c:' })
  })

  after(async () => {
    if (store) await store.close()
    if (client) client.destroy()
    if (cluster) await cluster.stop()
  })

  it('sessions on every master are listed, counted and cleared without cross-slot errors', async (t) => {
    if (services.skipIfMissing(t, cluster, 'redis-server')) return
    const ids = Array.from({ length: 60 }, (_, i) => `id${i}`)
    await Promise.all(ids.map((id) => store.set(id, { cookie: {}, id })))
    // The keys are spread over the masters.
    let mastersHolding = 0
    for (const master of client.masters) {
      const node = await client.nodeClient(master)
      if ((await node.dbSize()) > 0) mastersHolding++
    }
    assert.equal(mastersHolding, 3, 'every master holds some sessions')
    assert.deepEqual((await store.ids()).sort(), ids.slice().sort())
    assert.equal(await store.length(), 60)
    const all = await store.all()
    assert.equal(all.length, 60)
    for (const sess of all) assert.equal(sess.id, sess.id)
    await store.destroy('id0')
    assert.equal(await store.get('id0'), null)
    assert.equal(await store.length(), 59)
    await store.clear()
    assert.equal(await store.length(), 0)
    assert.deepEqual(await clusterKeys(client, 'c:'), [])
  })
})
