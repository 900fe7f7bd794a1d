'use strict'

// The middleware reads a stored session's JSON without cookie straight off the native
// map's packed text, instead of serializing the parsed session again. That text must be
// exactly what serializing would give, and change detection must stay express-session's.

const assert = require('node:assert')
const { describe, it } = require('node:test')
const expressSession = require('express-session')
const session = require('..')
const Cookie = require('../lib/cookie')
const { direct } = require('../lib/memory-store')
const { dataJson } = require('../lib/session-json')
const { frameworks, createApp, request, signedValue, fixedId, storeGet } = require('./support/apps')

const SHAPES = [
  {},
  { views: 1 },
  { views: 1, user: { id: 42, name: 'Ada' } },
  { text: 'quote " backslash \\ newline \n tab \t \u2028 \ud800 ☃', empty: '' },
  { numbers: [0, -0, 1e21, 1.5e-7, -12.25, Number.MAX_SAFE_INTEGER], flags: [true, false, null] },
  { nested: JSON.parse('{"__proto__":{"polluted":1},"list":[{"cookie":3}]}') },
  { cookieLike: '"cookie":7,', date: new Date(0) }
]
const COOKIES = [
  () => new Cookie(),
  () => new Cookie({ maxAge: 60000 }),
  () => new Cookie({ maxAge: 1000, secure: true, sameSite: 'strict', domain: 'example.com', path: '/app' })
]

describe('packed session text', () => {
  it('gives the JSON without cookie that serializing the parsed session gives', async () => {
    const store = new session.MemoryStore()
    let checked = 0
    for (const makeCookie of COOKIES) {
      for (const data of SHAPES) {
        const id = `id-${checked}`
        await new Promise((resolve, reject) => store.set(id, { cookie: makeCookie(), ...data }, (err) => (err ? reject(err) : resolve())))
        const packed = direct.getPacked(store, id)
        const text = direct.packedDataJson(packed)
        assert.notStrictEqual(text, undefined, `${packed} should be read off directly`)
        assert.strictEqual(text, dataJson(direct.unpack(store, id, packed)))
        checked++
      }
    }
    assert.strictEqual(checked, SHAPES.length * COOKIES.length)
  })

  it('leaves a session whose cookie is not its first member to serialization', async () => {
    const store = new session.MemoryStore()
    await new Promise((resolve) => store.set('late', { views: 2, cookie: new Cookie() }, resolve))
    assert.strictEqual(direct.packedDataJson(direct.getPacked(store, 'late')), undefined)
  })
})

for (const [label, express] of frameworks) {
  describe(`stored members a Session cannot take (${label})`, () => {
    // `id` and a method's name are in the stored JSON but not in req.session: like
    // express-session, the session then counts as modified and is saved without them.
    for (const [name, impl] of [['express-session', expressSession], ['express-session-rs', session]]) {
      it(`a read-only request saves it without them, as ${name} does`, async () => {
        const store = new impl.MemoryStore()
        const id = 'stored-with-odd-members'
        const options = { secret: 'k', resave: false, saveUninitialized: false, genid: fixedId(id), store }
        const app = createApp(express, { session: impl, options, handler: (req, res) => res.end(String(req.session.views)) })
        await new Promise((resolve) => store.set(id, { cookie: new impl.Cookie(), views: 3, id: 'other', save: 1 }, resolve))
        if (impl === session) assert.notStrictEqual(direct.packedDataJson(direct.getPacked(store, id)), undefined)
        const res = await request(app).get('/').set('Cookie', `connect.sid=${signedValue(id, 'k')}`)
        assert.strictEqual(res.text, '3')
        const stored = await storeGet(store, id)
        assert.deepStrictEqual(Object.keys(stored), ['cookie', 'views'])
      })
    }
  })
}
