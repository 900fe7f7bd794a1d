'use strict'

// concurrency: 'merge' (expressjs/session#606, #917, #74). Requests on one session that
// overlap (each has loaded the session before any of them ends: a barrier in the handler
// makes sure of it) each write only the top-level members they changed: 50 requests setting
// one member each leave all 50; a member one request deletes is not brought back by another.
// Without the option the last write wins, as in express-session.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const session = require('..')
const { request, createUser } = require('./support/http-client')
const { serve } = require('./support/http')
const { SECRET, PARALLEL, createBarrier, mergeApp, overlapping, memberNames, fifty } = require('./support/merge-race')
const { spyStore } = require('./support/recording-stores')
const { mapStoreClass } = require('./support/map-store')

// One visitor GETs `paths` one after the other.
function visitInTurn (app, paths) {
  return serve(app, async (origin) => {
    const user = createUser(origin)
    for (const path of paths) await user.get(path)
  })
}

// A third-party store with the optional merge method: the stored JSON patched in one step.
class MergingMapStore extends mapStoreClass(session.Store) {
  merge (id, changes, sess, callback) {
    this.merges = (this.merges || 0) + 1
    const text = this.map.get(id)
    if (text === undefined) return this.set(id, sess, callback)
    const stored = JSON.parse(text)
    for (const name of changes.unset) delete stored[name]
    Object.assign(stored, changes.set, { cookie: sess.cookie })
    this.map.set(id, JSON.stringify(stored))
    setImmediate(callback)
  }
}

describe("concurrency: 'merge'", () => {
  test('50 overlapping requests each setting a member leave all 50 (native MemoryStore)', async () => {
    const data = await overlapping(new session.MemoryStore(), { concurrency: 'merge' }, memberNames.map((n) => `/set/${n}`))
    assert.deepEqual(data, { a: 'a', b: 'b', ...fifty })
  })

  test('50 overlapping requests each setting a member leave all 50 (a store with merge)', async () => {
    const store = new MergingMapStore()
    const data = await overlapping(store, { concurrency: 'merge' }, memberNames.map((n) => `/set/${n}`))
    assert.deepEqual(data, { a: 'a', b: 'b', ...fifty })
    assert.equal(store.merges, PARALLEL)
  })

  for (const [label, make] of [['native MemoryStore', () => new session.MemoryStore()], ['store with merge', () => new MergingMapStore()]]) {
    test(`50 overlapping requests each saving a member explicitly leave all 50 (${label})`, async () => {
      const data = await overlapping(make(), { concurrency: 'merge' }, memberNames.map((n) => `/save/${n}`))
      assert.deepEqual(data, { a: 'a', b: 'b', ...fifty })
    })
  }

  test('without the option the last write wins, as in express-session', async () => {
    const data = await overlapping(new session.MemoryStore(), {}, memberNames.map((n) => `/set/${n}`))
    const added = Object.keys(data).filter((name) => name.startsWith('m'))
    assert.equal(added.length, 1, `one request's copy survives: ${JSON.stringify(data)}`)
  })

  test("a third-party store without merge gets the whole session (today's write)", async () => {
    const calls = []
    const MapStore = mapStoreClass(session.Store)
    const data = await overlapping(spyStore(new MapStore(), calls), { concurrency: 'merge' }, ['/set/x', '/set/y'])
    assert.equal(Object.keys(data).filter((name) => name === 'x' || name === 'y').length, 1)
    assert.equal(calls.filter((c) => c === 'set').length, 3)
  })

  for (const [label, make] of [['native MemoryStore', () => new session.MemoryStore()], ['store with merge', () => new MergingMapStore()]]) {
    test(`a member deleted by one request is not brought back by another (${label})`, async () => {
      const data = await overlapping(make(), { concurrency: 'merge' }, ['/unset/a', '/set/c', '/set/d'])
      assert.deepEqual(data, { b: 'b', c: 'c', d: 'd' })
    })

    test(`with resave, a request that changed nothing does not undo another's change (${label})`, async () => {
      const data = await overlapping(make(), { concurrency: 'merge', resave: true }, ['/set/c', '/unchanged'])
      assert.deepEqual(data, { a: 'a', b: 'b', c: 'c' })
    })
  }

  test('with saveBeforeHeaders too: every member persists (store with merge)', async () => {
    const data = await overlapping(new MergingMapStore(), { concurrency: 'merge', saveBeforeHeaders: true }, memberNames.slice(0, 10).map((n) => `/set/${n}`))
    assert.deepEqual(data, { a: 'a', b: 'b', ...Object.fromEntries(memberNames.slice(0, 10).map((n) => [n, n])) })
  })
})

describe("concurrency: 'merge' writes what express-session would, but for the members", () => {
  test('store.merge is given the changed members, the deleted names and the session', async () => {
    const store = new MergingMapStore()
    const seen = []
    const merge = store.merge
    store.merge = function (id, changes, sess, callback) {
      seen.push({ id, set: { ...changes.set }, unset: changes.unset, hasCookie: typeof sess.cookie === 'object' })
      return merge.call(this, id, changes, sess, callback)
    }
    const app = express()
    app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, concurrency: 'merge' }))
    app.get('/start', (req, res) => {
      Object.assign(req.session, { keep: { deep: [1, 2] }, change: 1, drop: true })
      res.end()
    })
    app.get('/edit', (req, res) => {
      req.session.change = 2
      req.session.keep = { deep: [1, 2] } // a new object with the same JSON: unchanged
      delete req.session.drop
      req.session.added = 'yes'
      res.end()
    })
    await visitInTurn(app, ['/start', '/edit'])
    assert.equal(seen.length, 1, 'the new session was set whole, the edit merged')
    assert.deepEqual(seen[0].set, { change: 2, added: 'yes' })
    assert.deepEqual(seen[0].unset, ['drop'])
    assert.equal(seen[0].hasCookie, true)
  })

  test('an explicit save merges what changed since the load, the end what changed since the save', async () => {
    const store = new MergingMapStore()
    const seen = []
    const merge = store.merge
    store.merge = function (id, changes, sess, callback) {
      seen.push({ set: { ...changes.set }, unset: changes.unset })
      return merge.call(this, id, changes, sess, callback)
    }
    const app = express()
    app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, concurrency: 'merge' }))
    app.get('/start', (req, res) => {
      Object.assign(req.session, { first: 0, second: 0, drop: true })
      res.end()
    })
    app.get('/edit', async (req, res) => {
      req.session.first = 1
      delete req.session.drop
      await req.session.save()
      req.session.second = 2
      res.end()
    })
    app.get('/saved-unchanged', async (req, res) => {
      req.session.first = 3
      await req.session.save()
      res.end()
    })
    await visitInTurn(app, ['/start', '/edit', '/saved-unchanged'])
    assert.deepEqual(seen, [
      { set: { first: 1 }, unset: ['drop'] },
      { set: { second: 2 }, unset: [] },
      { set: { first: 3 }, unset: [] }
    ])
  })

  test('a new or regenerated session is written whole', async () => {
    const calls = []
    const store = spyStore(new MergingMapStore(), calls)
    const app = express()
    app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, concurrency: 'merge' }))
    app.get('/start', (req, res) => {
      req.session.n = 1
      res.end()
    })
    app.get('/login', (req, res, next) => {
      req.session.regenerate((err) => {
        if (err) return next(err)
        req.session.user = 'ann'
        res.end()
      })
    })
    await visitInTurn(app, ['/start', '/login'])
    assert.deepEqual(calls.filter((c) => c !== 'get'), ['set', 'destroy', 'set'])
    assert.equal(store.merges, undefined)
  })

  test('Set-Cookie and the stored cookie are what they are without the option', async () => {
    const run = async (options) => {
      const store = new session.MemoryStore()
      const app = express()
      app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, rolling: true, cookie: { maxAge: 60000 }, ...options }))
      app.get('/:step', (req, res) => {
        req.session[req.params.step] = true
        res.end()
      })
      return serve(app, async (origin) => {
        const user = createUser(origin)
        const seen = []
        for (const step of ['one', 'two', 'three']) {
          const res = await user.get('/' + step)
          seen.push(res.setCookies.map((h) => h.replace(/^connect\.sid=[^;]*/, 'connect.sid=…').replace(/Expires=[^;]*/, 'Expires=…')))
        }
        const [stored] = Object.values(store.sessions).map((text) => JSON.parse(text))
        return { seen, keys: Object.keys(stored), cookieKeys: Object.keys(stored.cookie), expiresLater: Date.parse(stored.cookie.expires) > Date.now() + 50000 }
      })
    }
    assert.deepEqual(await run({ concurrency: 'merge' }), await run({}))
  })

  test('a session destroyed meanwhile is stored whole again, as without the option', async () => {
    const store = new session.MemoryStore()
    let loaded
    const app = mergeApp(store, { concurrency: 'merge' }, () => createBarrier(1))
    app.get('/slow/:name', async (req, res) => {
      loaded()
      await new Promise((resolve) => setImmediate(resolve))
      req.session[req.params.name] = 1
      res.end()
    })
    await serve(app, async (origin) => {
      const user = createUser(origin)
      await user.get('/start')
      const id = Object.keys(store.sessions)[0]
      const started = new Promise((resolve) => { loaded = resolve })
      const slow = request(origin, 'GET', '/slow/late', { cookie: user.cookie })
      await started
      store.destroy(id)
      await slow
      assert.deepEqual(Object.keys(JSON.parse(store.sessions[id])), ['cookie', 'a', 'b', 'late'])
    })
  })
})

describe('MemoryStore#merge', () => {
  const cookie = () => new session.Cookie({ maxAge: 60000 })
  const get = (store, id) => new Promise((resolve, reject) => store.get(id, (err, s) => err ? reject(err) : resolve(s)))

  test('applies set and unset onto the stored JSON, keeping other members in place, atomically', async () => {
    const store = new session.MemoryStore()
    const sess = { cookie: cookie(), first: 1, 'quote"key': 'q', ü: [1], last: { n: 1 } }
    store.set('s', sess)
    const newer = cookie()
    await new Promise((resolve) => store.merge('s', {
      set: JSON.parse('{"first":2,"__proto__":"proto","added":null}'),
      unset: ['quote"key']
    }, { cookie: newer }, resolve))
    const text = store.sessions.s
    assert.equal(text, JSON.stringify({ cookie: newer, first: 2, ü: [1], last: { n: 1 }, ['__proto__']: 'proto', added: null }))
    assert.equal((await get(store, 's')).first, 2)
  })

  test('stores the session whole when there is none to merge onto', async () => {
    const store = new session.MemoryStore()
    const sess = { cookie: cookie(), whole: true }
    await new Promise((resolve) => store.merge('none', { set: { x: 1 }, unset: [] }, sess, resolve))
    assert.equal(store.sessions.none, JSON.stringify(sess))
  })
})

test('concurrency must be "merge" or "overwrite"', () => {
  for (const value of ['yes', true, 1, null]) {
    assert.throws(() => session({ secret: SECRET, resave: false, saveUninitialized: false, concurrency: value }), {
      name: 'TypeError',
      message: 'concurrency option must be "merge" or "overwrite"'
    })
  }
  for (const value of ['merge', 'overwrite', undefined]) {
    session({ secret: SECRET, resave: false, saveUninitialized: false, concurrency: value })
  }
})
