'use strict'

// The JSON the MemoryStore keeps is the text express-session's MemoryStore keeps, which is
// JSON.stringify(session): compared byte for byte, side by side, for values whose JSON is
// easy to get wrong. The same values go through both middlewares too, where the session's
// JSON is also what tells whether it changed.

const assert = require('node:assert')
const { describe, it } = require('node:test')
const express = require('express')
const { implementations, createApp, request, cookiePair, storeGet } = require('./support/apps')

const RAW_JSON = typeof JSON.rawJSON === 'function'

function nested (depth, leaf) {
  let value = leaf
  for (let i = 0; i < depth; i++) value = { level: i, inner: value }
  return value
}

// Each case makes a fresh value, so that both stores see their own.
const CASES = {
  'a function with toJSON': () => Object.assign(function member () {}, { toJSON () { return 'x' } }),
  'a boxed string whose prototype was replaced': () => Object.setPrototypeOf(Object('hi'), Object.prototype),
  'a boxed number whose prototype was replaced': () => Object.setPrototypeOf(Object(7), { valueOf () { return 8 } }),
  'nesting past depth 64': () => nested(100, [1, 'two', { three: null }]),
  'plain data': () => ({ views: 3, user: { id: 42, name: 'Ada' }, list: [1, undefined, () => 1, NaN] })
}
if (RAW_JSON) {
  CASES['JSON.rawJSON numbers'] = () => [JSON.rawJSON('12345678901234567890'), JSON.rawJSON('1e400'), { n: JSON.rawJSON('-0.10') }]
}

function storedText (impl, value) {
  const store = new impl.MemoryStore()
  store.set('id', { cookie: new impl.Cookie(), data: value })
  return store.sessions.id
}

describe('JSON kept by the MemoryStore', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`is express-session's for ${name}`, () => {
      const theirs = storedText(implementations.theirs, make())
      const ours = storedText(implementations.ours, make())
      assert.strictEqual(ours, theirs)
    })
  }

  // JSON.stringify writes an array as its items and a boxed string as its string, whatever
  // own members they have; a cookie among those members must not make them a record.
  const NOT_RECORDS = {
    'an array': (impl) => Object.assign([], { cookie: new impl.Cookie() }),
    'an array with more members': (impl) => Object.assign([], { cookie: new impl.Cookie(), views: 2 }),
    'a boxed empty string': (impl) => Object.assign(Object(''), { cookie: new impl.Cookie() })
  }
  for (const [name, make] of Object.entries(NOT_RECORDS)) {
    it(`is express-session's for a session that is ${name} with its own cookie first`, async () => {
      const texts = []
      for (const impl of [implementations.theirs, implementations.ours]) {
        const store = new impl.MemoryStore()
        const session = make(impl)
        assert.strictEqual(Object.keys(session)[0], 'cookie')
        store.set('id', session)
        texts.push({ text: store.sessions.id, read: await storeGet(store, 'id') })
      }
      assert.deepStrictEqual(texts[1], texts[0])
    })
  }

  it('runs getters and toJSON once each past depth 64, as express-session does', () => {
    function traced () {
      const log = []
      const leaf = {
        get value () {
          log.push('get')
          return { toJSON (key) { log.push('toJSON ' + key); return key } }
        }
      }
      // The getter comes before the deep member, and so does the one below 64 levels.
      return { value: { shallow: leaf, deep: nested(80, leaf) }, log }
    }
    const theirs = traced()
    const ours = traced()
    assert.strictEqual(storedText(implementations.ours, ours.value), storedText(implementations.theirs, theirs.value))
    assert.deepStrictEqual(ours.log, ['get', 'toJSON value', 'get', 'toJSON value'])
    assert.deepStrictEqual(ours.log, theirs.log)
  })

  it('reads each member and calls each toJSON as JSON.stringify does when the cookie is not first', () => {
    function traced (impl) {
      const log = []
      const session = {}
      for (const name of ['a', 'cookie', 'b']) {
        Object.defineProperty(session, name, {
          enumerable: true,
          get () {
            log.push('get ' + name)
            return name === 'cookie' ? new impl.Cookie() : { toJSON (key) { log.push('toJSON ' + key); return [key] } }
          }
        })
      }
      return { session, log }
    }
    const results = [implementations.theirs, implementations.ours].map((impl) => {
      const { session, log } = traced(impl)
      const store = new impl.MemoryStore()
      store.set('id', session)
      return { text: store.sessions.id, log }
    })
    assert.deepStrictEqual(results[1], results[0])
  })
})

describe('JSON stored through the middleware', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(`is express-session's for ${name}`, async () => {
      const written = await storedByBoth(make, false)
      assert.deepStrictEqual(written[1], written[0])
    })
    it(`is express-session's for ${name} after a touch`, async () => {
      const touched = await storedByBoth(make, true)
      assert.deepStrictEqual(touched[1], touched[0])
    })
  }
})

// What each MemoryStore holds after a request that writes `make()` into the session and,
// when `touch`, a second request that leaves it unchanged.
async function storedByBoth (make, touch) {
  const texts = []
  for (const impl of [implementations.theirs, implementations.ours]) {
    const store = new impl.MemoryStore()
    const app = createApp(express, {
      session: impl,
      options: { secret: 'json', resave: false, saveUninitialized: false, store },
      handler (req, res) {
        if (req.url === '/write') req.session.data = make()
        res.end('ok')
      }
    })
    const first = await request(app).get('/write')
    assert.strictEqual(first.status, 200)
    if (touch) {
      const second = await request(app).get('/read').set('Cookie', cookiePair(first))
      assert.strictEqual(second.status, 200)
    }
    const [id] = Object.keys(store.sessions)
    texts.push(store.sessions[id])
  }
  return texts
}
