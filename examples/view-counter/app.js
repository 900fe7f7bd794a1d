'use strict'

// express-session's README "View counter" example on express-session-rs: each page counts
// how many times this browser viewed it.
//
//   node examples/view-counter/app.js     then open http://localhost:3000/foo and /bar
//   (see examples/README.md for running it inside this repository)

const express = require('express')
const parseurl = require('parseurl')
const session = require('express-session-rs')

const app = express()

app.use(session({
  secret: process.env.SESSION_SECRET || 'keyboard cat',
  resave: false,
  saveUninitialized: true
}))

app.use(function (req, res, next) {
  if (!req.session.views) {
    req.session.views = {}
  }

  // get the url pathname
  const pathname = parseurl(req).pathname

  // count the views
  req.session.views[pathname] = (req.session.views[pathname] || 0) + 1

  next()
})

app.get('/foo', function (req, res, next) {
  res.send('you viewed this page ' + req.session.views['/foo'] + ' times')
})

app.get('/bar', function (req, res, next) {
  res.send('you viewed this page ' + req.session.views['/bar'] + ' times')
})

const server = app.listen(Number(process.env.PORT || 3000), '127.0.0.1', function () {
  console.log('view counter listening on http://localhost:%d (try /foo and /bar)', server.address().port)
})
