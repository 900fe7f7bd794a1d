'use strict'

// The middleware switches re-prototyped requests and responses (Express's) to dictionary
// properties for speed. That switch must be invisible, and must really happen.

const assert = require('assert')
const http = require('http')
const path = require('path')
const { spawnSync } = require('child_process')
const { describe, it } = require('node:test')
const express = require('express')
const express5 = require('express5')
const session = require('..')
const { useDictionaryProperties, isReprototyped } = require('../lib/property-mode')
const { listen, request } = require('./support/http-client')

function ownShape (object) {
  return Reflect.ownKeys(object).map((key) => [key, Object.getOwnPropertyDescriptor(object, key)])
}

describe('dictionary properties for re-prototyped requests', () => {
  it('leaves the same keys, order, values and attributes', () => {
    const object = new http.IncomingMessage(null)
    Object.setPrototypeOf(object, Object.create(http.IncomingMessage.prototype))
    object.zeta = 1
    Object.defineProperty(object, 'hidden', { value: 2, enumerable: false })
    object.alpha = 3
    const before = ownShape(object)
    useDictionaryProperties(object)
    assert.deepStrictEqual(ownShape(object), before)
    object.added = 4
    assert.deepStrictEqual(Object.keys(object).slice(-3), ['zeta', 'alpha', 'added'])
  })

  it('switches a re-prototyped request to dictionary properties', () => {
    const script = `
      const http = require('http')
      const { useDictionaryProperties } = require(${JSON.stringify(path.join(__dirname, '../lib/property-mode'))})
      const reprototyped = new http.IncomingMessage(null)
      Object.setPrototypeOf(reprototyped, Object.create(http.IncomingMessage.prototype))
      reprototyped.added = 1
      const before = %HasFastProperties(reprototyped)
      useDictionaryProperties(reprototyped)
      console.log(JSON.stringify([before, %HasFastProperties(reprototyped)]))
    `
    const result = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' })
    assert.strictEqual(result.status, 0, result.stderr)
    assert.deepStrictEqual(JSON.parse(result.stdout), [true, false])
  })

  it('tells re-prototyped requests and responses from class-made ones', async () => {
    class Response extends http.ServerResponse {}
    const plain = new http.IncomingMessage(null)
    assert.strictEqual(isReprototyped(plain), false)
    assert.strictEqual(isReprototyped(new http.ServerResponse(plain)), false)
    assert.strictEqual(isReprototyped(new Response(plain)), false)
    assert.strictEqual(isReprototyped(Object.setPrototypeOf(new http.IncomingMessage(null), Object.create(http.IncomingMessage.prototype))), true)

    // What Express hands its middleware, on both majors.
    for (const framework of [express, express5]) {
      const seen = []
      const app = framework()
      app.use((req, res, next) => {
        seen.push(isReprototyped(req), isReprototyped(res))
        res.end()
      })
      const server = await listen(app)
      try {
        await request(server.origin, 'GET', '/')
      } finally {
        await server.close()
      }
      assert.deepStrictEqual(seen, [true, true])
    }
  })

  it('leaves proxies and non-extensible objects alone', () => {
    const sets = []
    const target = Object.setPrototypeOf({}, Object.create(http.IncomingMessage.prototype))
    const proxy = new Proxy(target, { set (t, key, value) { sets.push(key); t[key] = value; return true } })
    useDictionaryProperties(proxy)
    assert.deepStrictEqual(sets, [])
    const sealed = Object.seal(Object.setPrototypeOf({ a: 1 }, Object.create(http.IncomingMessage.prototype)))
    assert.doesNotThrow(() => useDictionaryProperties(sealed))
    assert.deepStrictEqual(Reflect.ownKeys(sealed), ['a'])
  })

  it('serves an Express app whose handler sees the usual request and response', async () => {
    const app = express()
    app.use(session({ secret: 'k', resave: false, saveUninitialized: false }))
    app.get('/', (req, res) => {
      req.session.views = (req.session.views || 0) + 1
      res.locals.views = req.session.views
      res.set('X-Views', String(res.locals.views))
      res.json({ views: req.session.views, own: Object.keys(req).includes('session'), id: req.sessionID.length })
    })
    const server = await listen(app)
    try {
      const first = await request(server.origin, 'GET', '/')
      assert.deepStrictEqual(first.json, { views: 1, own: true, id: 32 })
      const cookie = first.setCookies[0].split(';')[0]
      const second = await request(server.origin, 'GET', '/', { cookie })
      assert.deepStrictEqual(second.json, { views: 2, own: true, id: 32 })
      assert.strictEqual(second.headers['x-views'], '2')
    } finally {
      await server.close()
    }
  })

  // A mounted sub-app re-prototypes req and res again (and Express restores them on the
  // way out): the session must keep working on both sides of that.
  for (const [label, framework] of [['Express 4', express], ['Express 5', express5]]) {
    for (const where of ['parent', 'sub-app']) {
      it(`keeps sessions working with the middleware in the ${where} of a mounted app (${label})`, async () => {
        const parent = framework()
        const child = framework()
        const middleware = session({ secret: 'k', resave: false, saveUninitialized: false })
        if (where === 'parent') parent.use(middleware)
        else child.use(middleware)
        child.get('/count', (req, res) => {
          req.session.views = (req.session.views || 0) + 1
          res.json({ views: req.session.views })
        })
        parent.use('/sub', child)
        parent.get('/after', (req, res) => res.json({ views: req.session ? req.session.views : null }))
        const server = await listen(parent)
        try {
          const first = await request(server.origin, 'GET', '/sub/count')
          assert.deepStrictEqual(first.json, { views: 1 })
          assert.strictEqual(first.setCookies.length, 1)
          const cookie = first.setCookies[0].split(';')[0]
          const second = await request(server.origin, 'GET', '/sub/count', { cookie })
          assert.deepStrictEqual(second.json, { views: 2 })
          const after = await request(server.origin, 'GET', '/after', { cookie })
          assert.deepStrictEqual(after.json, { views: where === 'parent' ? 2 : null })
        } finally {
          await server.close()
        }
      })
    }
  }
})

describe('where the dictionary switch runs', () => {
  const { dictionaryPropertiesWanted } = require('../lib/property-mode')

  it('runs on V8 before 13 (Node 20, 22) and not from 13 on (Node 24, 26)', () => {
    assert.strictEqual(dictionaryPropertiesWanted(undefined, {}, '11.3.244.8-node.38'), true)
    assert.strictEqual(dictionaryPropertiesWanted(undefined, {}, '12.4.254.21-node.57'), true)
    assert.strictEqual(dictionaryPropertiesWanted(undefined, {}, '13.6.233.17-node.63'), false)
    assert.strictEqual(dictionaryPropertiesWanted(undefined, {}, '14.6.202.34-node.40'), false)
  })

  it('follows EXPRESS_SESSION_RS_DICTIONARY_PROPERTIES when it is 0 or 1, and the option over both', () => {
    const env = (value) => ({ EXPRESS_SESSION_RS_DICTIONARY_PROPERTIES: value })
    assert.strictEqual(dictionaryPropertiesWanted(undefined, env('0'), '11.3'), false)
    assert.strictEqual(dictionaryPropertiesWanted(undefined, env('1'), '14.6'), true)
    assert.strictEqual(dictionaryPropertiesWanted(undefined, env('yes'), '14.6'), false)
    assert.strictEqual(dictionaryPropertiesWanted(false, env('1'), '11.3'), false)
    assert.strictEqual(dictionaryPropertiesWanted(true, env('0'), '14.6'), true)
  })

  it('rejects a dictionaryProperties option that is not a boolean', () => {
    assert.throws(() => session({ secret: 'k', dictionaryProperties: 'auto' }),
      { name: 'TypeError', message: 'dictionaryProperties option must be a boolean' })
  })

  // Whether the request the handler sees is in dictionary mode, under each setting.
  for (const [setting, expected] of [[true, false], [false, true]]) {
    it(`leaves requests ${expected ? 'with fast' : 'in dictionary'} properties with dictionaryProperties: ${setting}`, () => {
      const script = `
        const express = require('express')
        const session = require(${JSON.stringify(path.join(__dirname, '..'))})
        const { listen, request } = require(${JSON.stringify(path.join(__dirname, 'support/http-client'))})
        const app = express()
        app.use(session({ secret: 'k', resave: false, saveUninitialized: false, dictionaryProperties: ${setting} }))
        app.get('/', (req, res) => res.json([%HasFastProperties(req), %HasFastProperties(res)]))
        listen(app).then(async (server) => {
          const response = await request(server.origin, 'GET', '/')
          await server.close()
          console.log(JSON.stringify(response.json))
        })
      `
      const result = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8', cwd: path.join(__dirname, '..') })
      assert.strictEqual(result.status, 0, result.stderr)
      assert.deepStrictEqual(JSON.parse(result.stdout), [expected, expected])
    })
  }
})
