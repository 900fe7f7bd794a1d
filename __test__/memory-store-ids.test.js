'use strict'

// Session IDs are JavaScript strings, and the native map must keep every one apart, as
// express-session's MemoryStore (a plain object keyed by the ID) does: IDs with lone
// surrogates, the replacement character, or our map's own escape character included.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { implementations } = require('./support/apps')

const { ours, theirs } = implementations

function call (store, method, ...args) {
  return new Promise((resolve) => store[method](...args, (...results) => resolve(results)))
}

const LONG = 'y'.repeat(300)
const IDS = [
  'x\ud800', 'x\udc00', 'x\ufffd', 'x\udc00\ud800', 'x\ud800\udc00', 'x',
  '\uffff0078d800', '\uffff', '\ud800', LONG + '\ud800', LONG + '\udc00', LONG + '\ufffd'
]

// Stores a numbered session under each ID, then reads everything back every way.
async function storeEach (session) {
  const store = new session.MemoryStore()
  for (const [n, id] of IDS.entries()) await call(store, 'set', id, { cookie: { expires: null }, n })
  const got = []
  for (const id of IDS) {
    const [err, sess] = await call(store, 'get', id)
    got.push(err || (sess && sess.n))
  }
  const [, length] = await call(store, 'length')
  const [, all] = await call(store, 'all')
  return { store, got, length, all: Object.entries(all).map(([id, sess]) => [id, sess.n]) }
}

test('IDs that differ only in lone surrogates are different sessions', async () => {
  const expected = await storeEach(theirs)
  const actual = await storeEach(ours)
  assert.deepEqual(actual.got, IDS.map((_, n) => n))
  assert.deepEqual(actual.got, expected.got)
  assert.equal(actual.length, IDS.length)
  assert.deepEqual(actual.all, expected.all)
  assert.deepEqual(Object.keys(actual.store.sessions), Object.keys(expected.store.sessions))
})

test('ids() gives each ID back unchanged', async () => {
  const { store } = await storeEach(ours)
  const [err, ids] = await call(store, 'ids')
  assert.equal(err, null)
  assert.deepEqual(ids, IDS)
})

test('touch and destroy reach only the session of their exact ID', async () => {
  const store = new ours.MemoryStore()
  await call(store, 'set', 'x\ud800', { cookie: { expires: null }, n: 1 })
  await call(store, 'touch', 'x\ufffd', { cookie: { expires: null, path: '/other' } })
  assert.deepEqual(Object.entries((await call(store, 'all'))[1]), [['x\ud800', { cookie: { expires: null }, n: 1 }]])
  await call(store, 'destroy', 'x\udc00')
  await call(store, 'destroy', 'x\ufffd')
  assert.equal((await call(store, 'length'))[1], 1)
  await call(store, 'touch', 'x\ud800', { cookie: { expires: null, path: '/' } })
  assert.deepEqual((await call(store, 'get', 'x\ud800'))[1], { cookie: { expires: null, path: '/' }, n: 1 })
  await call(store, 'destroy', 'x\ud800')
  assert.equal((await call(store, 'length'))[1], 0)
})
