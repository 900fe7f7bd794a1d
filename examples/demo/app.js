'use strict'

// The express-session-rs demo (`npm start`): the two examples of express-session's README,
// the per-path view counter and the user login that regenerates the session on login and
// on logout, in one Express app on the default store (the native MemoryStore: no `store`
// option). Every page shows what the session holds.
//
//   npm start                       http://localhost:3000
//   PORT=8080 npm start             another port (PORT=0 picks a free one)
//   SESSION_SECRET=… npm start      your own signing secret
//   DEBUG=express-session npm start the middleware's debug log on stderr
//
// This file loads the package from the repository root ('../..'); in your own app it is
// `require('express-session-rs')`, exactly where you had `require('express-session')`.

const express = require('express')
const session = require('../..')

const DEV_SECRET = 'express-session-rs demo secret (development only)'
const secret = process.env.SESSION_SECRET || DEV_SECRET
const usingDevSecret = secret === DEV_SECRET
const COUNTED_PAGES = ['/', '/foo', '/bar']

const app = express()

app.use(session({
  secret,
  resave: false,
  saveUninitialized: true,
  // One hour, so that the cookie has an expiry to show; SameSite=Lax keeps it off cross-site posts.
  cookie: { maxAge: 60 * 60 * 1000, sameSite: 'lax' }
}))

// The view counter of the README, for the pages of this demo.
app.get(COUNTED_PAGES, function countView (req, res, next) {
  if (!req.session.views) req.session.views = {}
  req.session.views[req.path] = (req.session.views[req.path] || 0) + 1
  next()
})

app.get('/', function (req, res) {
  const message = req.session.user
    ? 'hello, ' + escapeHtml(req.session.user) + '!'
    : 'you are not logged in'
  res.send(page(req, message))
})

app.get(['/foo', '/bar'], function (req, res) {
  res.send(page(req, 'you viewed this page ' + req.session.views[req.path] + ' times'))
})

// The session's state as JSON (for scripts; it counts no view).
app.get('/session.json', function (req, res) {
  res.json(sessionState(req))
})

app.post('/login', express.urlencoded({ extended: false }), function (req, res, next) {
  const user = typeof req.body.user === 'string' ? req.body.user.trim() : ''
  if (!user) {
    res.status(400).send(page(req, 'type a user name to log in'))
    return
  }
  // Login logic checking req.body.user and req.body.pass would go here: in this demo any
  // password works.

  // A new session (new ID) for the logged-in user guards against session fixation.
  req.session.regenerate(function (err) {
    if (err) return next(err)
    req.session.user = user
    // Save before redirecting, so that the next page load finds the user in the store.
    req.session.save(function (err) {
      if (err) return next(err)
      res.redirect('/')
    })
  })
})

app.get('/logout', function (req, res, next) {
  // Clear the user from the session and save it, so that re-using the old session ID does
  // not find a logged-in user; then start a new session.
  req.session.user = null
  req.session.save(function (err) {
    if (err) return next(err)
    req.session.regenerate(function (err) {
      if (err) return next(err)
      res.redirect('/')
    })
  })
})

function sessionState (req) {
  const expires = req.session.cookie.expires
  return {
    idPrefix: req.sessionID.slice(0, 8),
    views: req.session.views || {},
    user: req.session.user || null,
    cookieExpires: expires ? new Date(expires).toISOString() : null
  }
}

function page (req, message) {
  const state = sessionState(req)
  const views = Object.keys(state.views).map(function (path) {
    return '<tr><td><a href="' + escapeHtml(path) + '">' + escapeHtml(path) + '</a></td>' +
      '<td data-views="' + escapeHtml(path) + '">' + state.views[path] + '</td></tr>'
  }).join('')
  const login = state.user
    ? '<p>Logged in as <strong>' + escapeHtml(state.user) + '</strong>. <a href="/logout">Logout</a> ' +
      '(saves the session without the user, then regenerates it).</p>'
    : '<form action="/login" method="post">' +
      '<label>Username <input name="user" autocomplete="username"></label> ' +
      '<label>Password <input name="pass" type="password" autocomplete="current-password"></label> ' +
      '<button type="submit">Login</button> (any password works; login regenerates the session)' +
      '</form>'
  const secretNote = usingDevSecret
    ? '<p class="warning" id="secret">Signing cookies with the built-in <strong>development secret</strong>: ' +
      'set the <code>SESSION_SECRET</code> environment variable to use your own.</p>'
    : '<p id="secret">Signing cookies with the secret from <code>SESSION_SECRET</code>.</p>'

  return '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<title>express-session-rs demo</title>' +
    '<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}' +
    'dt{font-weight:bold}td{padding:0 1rem 0 0}.warning{background:#fff3cd;padding:.5rem}</style>' +
    '</head><body>\n' +
    '<h1>express-session-rs demo</h1>\n' +
    '<p id="message">' + message + '</p>\n' +
    '<h2>This session</h2>\n<dl>' +
    '<dt>Session ID</dt><dd id="session-id">' + escapeHtml(state.idPrefix) + '…</dd>' +
    '<dt>Logged in as</dt><dd id="user">' + (state.user ? escapeHtml(state.user) : '(nobody)') + '</dd>' +
    '<dt>Cookie expires</dt><dd id="expires">' +
    (state.cookieExpires || 'at the end of the browser session') + '</dd>' +
    '<dt>Views per path</dt><dd><table id="views">' + (views || '<tr><td>(none)</td></tr>') + '</table></dd>' +
    '</dl>\n' +
    '<h2>View counter</h2>\n<p>Each page counts its own views: ' +
    '<a href="/">/</a> · <a href="/foo">/foo</a> · <a href="/bar">/bar</a></p>\n' +
    '<h2>User login</h2>\n' + login + '\n' +
    '<p>Logging in or out starts a new session (new ID), so the view counts start again.</p>\n' +
    secretNote + '\n' +
    '</body></html>\n'
}

function escapeHtml (text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]
  })
}

const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT)
const host = process.env.HOST || '127.0.0.1'

const server = app.listen(port, host, function () {
  console.log('express-session-rs demo listening on http://localhost:%d', server.address().port)
  if (usingDevSecret) {
    console.log('(signing cookies with the development secret: set SESSION_SECRET to use your own)')
  }
})
