'use strict'

// A store that emits 'disconnect' is not used until it emits 'connect': meanwhile requests
// go on without a session, as with express-session 1.19.0.

const { describe, test } = require('node:test')
const assert = require('node:assert/strict')
const { frameworks, createApp } = require('./support/apps')
const { createUser } = require('./support/http-client')
const { sideBySide, serve } = require('./support/http')
const { spyStore } = require('./support/recording-stores')

const OPTIONS = { secret: 'keyboard cat', resave: false, saveUninitialized: false }

// What the handler saw, what the client got and which store calls were made, per request.
async function requestsAcross (express, session, steps) {
  const calls = []
  const store = spyStore(new session.MemoryStore(), calls)
  const app = createApp(express, {
    session,
    options: { ...OPTIONS, store },
    handler (req, res) {
      const seen = {
        session: typeof req.session,
        sessionID: typeof req.sessionID,
        sessionStore: req.sessionStore === store
      }
      if (req.session) req.session.views = (req.session.views || 0) + 1
      res.json({ ...seen, views: req.session ? req.session.views : null })
    }
  })
  return serve(app, async (origin) => {
    const user = createUser(origin)
    const results = []
    for (const event of steps) {
      if (event) store.emit(event)
      calls.length = 0
      const res = await user.get('/')
      results.push({ event, ...res.json, setCookie: res.setCookies.length, calls: calls.slice() })
    }
    return results
  })
}

for (const [label, express] of frameworks) {
  describe(`store readiness on ${label}`, () => {
    test("after 'disconnect' requests pass through without a session until 'connect'", async () => {
      const results = await sideBySide((session) =>
        requestsAcross(express, session, [null, 'disconnect', null, 'connect', null]))
      assert.deepEqual(results.ours, results.theirs)
      const withSession = { session: 'object', sessionID: 'string', sessionStore: true }
      const without = { session: 'undefined', sessionID: 'undefined', sessionStore: false, views: null, setCookie: 0, calls: [] }
      assert.deepEqual(results.ours, [
        { event: null, ...withSession, views: 1, setCookie: 1, calls: ['set'] },
        { event: 'disconnect', ...without },
        { event: null, ...without },
        { event: 'connect', ...withSession, views: 2, setCookie: 0, calls: ['get', 'set'] },
        { event: null, ...withSession, views: 3, setCookie: 0, calls: ['get', 'set'] }
      ])
    })

    test("'connect' while connected changes nothing; the last event wins", async () => {
      const results = await sideBySide((session) =>
        requestsAcross(express, session, ['connect', 'disconnect', 'disconnect', 'connect']))
      assert.deepEqual(results.ours, results.theirs)
      assert.deepEqual(results.ours.map((r) => r.session), ['object', 'undefined', 'undefined', 'object'])
    })
  })
}
