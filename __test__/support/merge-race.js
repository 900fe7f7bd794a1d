'use strict'

// Requests on one session that overlap, for concurrency: 'merge': each has loaded the session
// before any of them ends (a barrier in the handler makes sure of it).

const assert = require('node:assert/strict')
const http = require('node:http')
const express = require('express')
const session = require('../..')
const { request, createUser } = require('./http-client')
const { serve } = require('./http')

const SECRET = 'merge'
const PARALLEL = 50
const BARRIER_LIMIT_MS = 5000

// Resolves the `count` callers of arrive() together, once all have arrived (or after 5 s).
function createBarrier (count) {
  let arrived = 0
  let release
  const all = new Promise((resolve) => { release = resolve })
  const limit = setTimeout(release, BARRIER_LIMIT_MS)
  limit.unref()
  return {
    arrive () {
      arrived++
      if (arrived === count) {
        clearTimeout(limit)
        release()
      }
      return all
    }
  }
}

// Routes over one session: /start stores { a, b }; /set/:name and /unset/:name wait at the
// barrier, then set the member to its name or delete it; /save/:name sets it and saves
// explicitly before ending; /show answers the session's data.
function mergeApp (store, options, barrier) {
  const app = express()
  app.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, ...options }))
  app.get('/start', (req, res) => {
    req.session.a = 'a'
    req.session.b = 'b'
    res.end('started')
  })
  app.get('/set/:name', async (req, res) => {
    await barrier().arrive()
    req.session[req.params.name] = req.params.name
    res.end('set')
  })
  app.get('/unset/:name', async (req, res) => {
    await barrier().arrive()
    delete req.session[req.params.name]
    res.end('unset')
  })
  app.get('/save/:name', async (req, res, next) => {
    await barrier().arrive()
    req.session[req.params.name] = req.params.name
    req.session.save((err) => err ? next(err) : res.end('saved'))
  })
  app.get('/unchanged', async (req, res) => {
    await barrier().arrive()
    res.end('unchanged')
  })
  app.get('/show', (req, res) => {
    const { cookie, ...data } = req.session
    res.json(data)
  })
  app.use((err, req, res, next) => res.status(500).end(err.message))
  return app
}

// Starts a session, then sends `paths` at once (all waiting at one barrier); resolves with the
// stored session's data, as the next request sees it.
async function overlapping (store, options, paths) {
  let barrier
  const app = mergeApp(store, options, () => barrier)
  return serve(app, async (origin) => {
    const user = createUser(origin)
    await user.get('/start')
    assert.ok(user.cookie, 'a session was started')
    barrier = createBarrier(paths.length)
    const agent = new http.Agent({ keepAlive: true, maxSockets: paths.length })
    const responses = await Promise.all(paths.map((path) => request(origin, 'GET', path, { cookie: user.cookie, agent })))
    agent.destroy()
    for (const res of responses) assert.equal(res.status, 200, res.text)
    return (await user.get('/show')).json
  })
}

const memberNames = Array.from({ length: PARALLEL }, (_, i) => `m${i}`)
const fifty = Object.fromEntries(memberNames.map((name) => [name, name]))

module.exports = { SECRET, PARALLEL, createBarrier, mergeApp, overlapping, memberNames, fifty }
