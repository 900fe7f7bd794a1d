'use strict'

// The same small session flow (new session, read back, modify, destroy) on Express 4,
// Express 5 and a plain node:http server with connect. Each flow also runs on
// express-session 1.19.0 and must look the same from the client.

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const express4 = require('express')
const express5 = require('express5')
const connect = require('connect')
const original = require('express-session')
const ours = require('..')
const { listen, createUser, cookiePair } = require('./support/http-client')

const SESSION_OPTIONS = { secret: 'frameworks', resave: false, saveUninitialized: false, cookie: { maxAge: 60000 } }

function sendJson (res, status, body) {
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json')
  res.end(JSON.stringify(body))
}

// Framework-neutral handlers: plain (req, res, next) functions on node's req/res.
const handlers = {
  read (req, res) {
    sendJson(res, 200, { id: req.sessionID, value: req.session.value === undefined ? null : req.session.value })
  },
  write (req, res) {
    req.session.value = new URL(req.url, 'http://x').searchParams.get('value')
    sendJson(res, 200, { id: req.sessionID, written: req.session.value })
  },
  destroy (req, res, next) {
    req.session.destroy((err) => err ? next(err) : sendJson(res, 200, { destroyed: true }))
  },
  error (err, req, res, next) {
    sendJson(res, 500, { error: err.message })
  }
}

const frameworks = {
  'Express 4': (session) => {
    const app = express4()
    app.use(session(SESSION_OPTIONS))
    app.get('/read', handlers.read)
    app.post('/write', (req, res) => {
      req.session.value = req.query.value
      res.json({ id: req.sessionID, written: req.session.value })
    })
    app.post('/destroy', handlers.destroy)
    app.use(handlers.error)
    return app
  },
  'Express 5': (session) => {
    const app = express5()
    app.use(session(SESSION_OPTIONS))
    app.get('/read', handlers.read)
    app.post('/write', (req, res) => {
      req.session.value = req.query.value
      res.json({ id: req.sessionID, written: req.session.value })
    })
    // Express 5 passes a rejected promise to the error handler: use it.
    app.post('/destroy', async (req, res) => {
      await new Promise((resolve, reject) => req.session.destroy((err) => err ? reject(err) : resolve()))
      res.json({ destroyed: true })
    })
    app.use(handlers.error)
    return app
  },
  'node:http + connect': (session) => {
    const app = connect()
    app.use(session(SESSION_OPTIONS))
    app.use('/read', handlers.read)
    app.use('/write', handlers.write)
    app.use('/destroy', handlers.destroy)
    app.use(handlers.error)
    return app
  }
}

// new session -> read back -> modify -> read -> destroy -> read (fresh session).
async function flow (build, session) {
  const server = await listen(build(session))
  try {
    const user = createUser(server.origin)
    const steps = []
    const step = async (method, path) => {
      const res = await user.send(method, path)
      const header = res.setCookies.find((h) => h.startsWith('connect.sid='))
      steps.push({
        status: res.status,
        type: res.headers['content-type'],
        body: res.json,
        setCookie: Boolean(cookiePair(res)),
        attributes: header === undefined ? undefined : header.split('; ').slice(1).map((a) => a.split('=')[0]).sort()
      })
      return res
    }
    await step('POST', '/write?value=first')
    await step('GET', '/read')
    await step('POST', '/write?value=second')
    await step('GET', '/read')
    await step('POST', '/destroy')
    await step('GET', '/read')
    return steps
  } finally {
    await server.close()
  }
}

describe('the same session flow on each framework', () => {
  for (const [name, build] of Object.entries(frameworks)) {
    it(name, async () => {
      const steps = await flow(build, ours)
      const id = steps[0].body.id
      assert.equal(typeof id, 'string')
      assert.ok(steps.every((s) => s.status === 200), JSON.stringify(steps))

      assert.deepEqual(steps[0].body, { id, written: 'first' })
      assert.equal(steps[0].setCookie, true, 'new session: Set-Cookie')
      assert.deepEqual(steps[0].attributes, ['Expires', 'HttpOnly', 'Path'])
      assert.deepEqual(steps[1].body, { id, value: 'first' }, 'read back with the cookie')
      assert.equal(steps[1].setCookie, false)
      assert.deepEqual(steps[2].body, { id, written: 'second' })
      assert.equal(steps[2].setCookie, true, 'modified session with an expiry: Set-Cookie again')
      assert.deepEqual(steps[3].body, { id, value: 'second' })
      assert.deepEqual(steps[4].body, { destroyed: true })
      assert.equal(steps[5].body.value, null, 'destroyed: the cookie brings an empty session')
      assert.notEqual(steps[5].body.id, id)

      // Same as express-session, IDs aside.
      const theirs = await flow(build, original)
      const withoutIds = (all) => all.map((s) => ({ ...s, body: { ...s.body, id: typeof s.body.id } }))
      assert.deepEqual(withoutIds(steps), withoutIds(theirs))
    })
  }
})
