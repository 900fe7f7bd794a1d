'use strict'

/*
 * The app the opt-in feature tests (issue 17) drive, and a user to drive it with.
 *
 *   valueApp(session, store, options)
 *                   an Express app running session({ ...options, store }):
 *                   POST /write        sets req.session.value = 'kept'; answers { id }
 *                   GET  /read         answers { id, value (null when unset), createdAt }
 *                   POST /regenerate   regenerate({ keep: true }); answers { id }
 *   withUser(app, cookie, fn)
 *                   listens on 127.0.0.1, resolves with fn(user) for a createUser (see
 *                   http-client.js) holding `cookie`, and closes the server
 */

const express = require('express')
const { listen, createUser } = require('./http-client')

function valueApp (session, store, options) {
  const app = express()
  app.use(session({ ...options, store }))
  app.post('/write', (req, res) => {
    req.session.value = 'kept'
    res.json({ id: req.sessionID })
  })
  app.get('/read', (req, res) => {
    const value = req.session.value === undefined ? null : req.session.value
    res.json({ id: req.sessionID, value, createdAt: req.session._createdAt })
  })
  app.post('/regenerate', (req, res, next) => {
    req.session.regenerate({ keep: true }, (err) => (err ? next(err) : res.json({ id: req.sessionID })))
  })
  return app
}

async function withUser (app, cookie, fn) {
  const server = await listen(app)
  try {
    const user = createUser(server.origin)
    user.cookie = cookie
    return await fn(user)
  } finally {
    await server.close()
  }
}

module.exports = { valueApp, withUser }
