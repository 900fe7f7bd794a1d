'use strict'

// The addon and its MemoryStore inside worker_threads: each worker loads the addon and
// has its own stores; workers ending in any way (returning, process.exit, an uncaught
// error, terminate() in the middle of store work and of a sweep) leave the process and
// the other threads' stores working.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker } = require('node:worker_threads')

const { MemoryStore, Cookie } = require('..')

const ROOT = path.join(__dirname, '..')
const WAIT_MS = 20000

// Code run at the start of every worker: the package, and a store exercised a little.
const PRELUDE = `
  const { parentPort, workerData } = require('node:worker_threads')
  const { MemoryStore, Cookie } = require(${JSON.stringify(ROOT)})
  function call (store, method, ...args) {
    return new Promise((resolve) => store[method](...args, (...results) => resolve(results)))
  }
`

function startWorker (body, workerData) {
  return new Worker(PRELUDE + body, { eval: true, workerData })
}

// Resolves with the worker's messages and exit code once it has exited.
function finished (worker) {
  const messages = []
  let error
  worker.on('message', (message) => messages.push(message))
  worker.on('error', (err) => { error = err })
  return withTimeout(new Promise((resolve) => {
    worker.on('exit', (code) => resolve({ code, messages, error }))
  }), 'worker exit')
}

function withTimeout (promise, what) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${WAIT_MS} ms`)), WAIT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function nextMessage (worker) {
  return withTimeout(new Promise((resolve) => worker.once('message', resolve)), 'worker message')
}

function call (store, method, ...args) {
  return new Promise((resolve) => store[method](...args, (...results) => resolve(results)))
}

// The main thread's store keeps working (and is not the workers').
async function mainStoreWorks () {
  const store = new MemoryStore({ checkPeriod: 0 })
  await call(store, 'set', 'shared-id', { cookie: new Cookie({ maxAge: 60000 }), who: 'main' })
  const [, sess] = await call(store, 'get', 'shared-id')
  assert.equal(sess.who, 'main')
  assert.equal(store.stats().sessions, 1)
}

describe('MemoryStore in worker threads', () => {
  test('several workers load the addon at once, each with its own stores', async () => {
    const body = `
      (async () => {
        const store = new MemoryStore({ max: 5000, ttl: 60000, checkPeriod: 1 })
        const who = workerData.who
        for (let i = 0; i < 3000; i++) {
          await call(store, 'set', 'id' + i, { cookie: new Cookie({ maxAge: 60000 }), who, i })
        }
        await call(store, 'set', 'shared-id', { cookie: new Cookie({ maxAge: 60000 }), who })
        const [, sess] = await call(store, 'get', 'id1234')
        await call(store, 'touch', 'id1', sess)
        await call(store, 'destroy', 'id2')
        const [, length] = await call(store, 'length')
        const [, ids] = await call(store, 'ids')
        const [, shared] = await call(store, 'get', 'shared-id')
        parentPort.postMessage({ who: sess.who, i: sess.i, shared: shared.who, length, ids: ids.length, stats: store.stats() })
      })()
    `
    const names = ['w0', 'w1', 'w2', 'w3']
    const runs = names.map((who) => finished(startWorker(body, { who })))
    await mainStoreWorks()
    const results = await Promise.all(runs)
    results.forEach((result, n) => {
      assert.equal(result.error, undefined)
      assert.equal(result.code, 0)
      const [message] = result.messages
      assert.deepEqual(
        [message.who, message.i, message.shared, message.length, message.ids, message.stats.sessions],
        [names[n], 1234, names[n], 3000, 3000, 3000]
      )
    })
    await mainStoreWorks()
  })

  test('a worker terminated in the middle of store work and of a sweep does not take the process down', async () => {
    const body = `
      const store = new MemoryStore({ checkPeriod: 1, max: 20000 })
      let i = 0
      function work () {
        for (let n = 0; n < 2000; n++, i++) {
          store.set('id' + i, { cookie: new Cookie({ maxAge: (i % 3) + 1 }), i })
          store.get('id' + (i >> 1), () => {})
        }
        if (i === 20000) parentPort.postMessage('busy')
        setImmediate(work)
      }
      work()
    `
    for (let round = 0; round < 3; round++) {
      const worker = startWorker(body)
      const exit = finished(worker)
      assert.equal(await nextMessage(worker), 'busy')
      await worker.terminate()
      const { error } = await exit
      assert.equal(error, undefined)
    }
    await mainStoreWorks()
  })

  test('workers that return, call process.exit or throw leave the process working', async () => {
    const fill = `
      const store = new MemoryStore({ checkPeriod: 1 })
      for (let i = 0; i < 5000; i++) store.set('id' + i, { cookie: new Cookie({ maxAge: 2 }), i })
    `
    const endings = {
      returns: fill + 'parentPort.postMessage(store.stats().sessions)',
      exits: fill + 'process.exit(3)',
      throws: fill + 'throw new Error("boom")'
    }
    const [returns, exits, throws] = await Promise.all(
      Object.values(endings).map((body) => finished(startWorker(body)))
    )
    assert.deepEqual([returns.code, returns.messages, returns.error], [0, [5000], undefined])
    assert.equal(exits.code, 3)
    assert.equal(throws.code, 1)
    assert.match(String(throws.error && throws.error.message), /boom/)
    await mainStoreWorks()
  })

  test('many short-lived workers in a row, their stores finalized with them', async () => {
    const body = `
      const stores = []
      for (let s = 0; s < 5; s++) {
        const store = new MemoryStore({ ttl: 1, checkPeriod: 1 })
        for (let i = 0; i < 500; i++) store.set('id' + i, { n: i })
        stores.push(store)
      }
      parentPort.postMessage(stores.reduce((sum, store) => sum + store.stats().sessions, 0))
    `
    for (let n = 0; n < 8; n++) {
      const result = await finished(startWorker(body))
      assert.deepEqual([result.code, result.messages, result.error], [0, [2500], undefined])
    }
    await mainStoreWorks()
  })
})
