'use strict'

// express-session-rs with sessions in PostgreSQL, through connect-pg-simple (v10), which
// creates its table on first use (`createTableIfMissing`).
//
//   npm install express express-session-rs connect-pg-simple pg
//   DATABASE_URL=postgres://user@127.0.0.1:5432/mydb node examples/postgres/app.js

const express = require('express')
const session = require('express-session-rs')
const PgStore = require('connect-pg-simple')(session)

const store = new PgStore({
  conString: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  tableName: process.env.SESSION_TABLE || 'session',
  createTableIfMissing: true
})

const app = express()

app.use(session({
  store,
  secret: process.env.SESSION_SECRET || 'keyboard cat',
  resave: false, // connect-pg-simple implements touch(): no need to rewrite unchanged sessions
  saveUninitialized: false, // only store sessions that hold something
  cookie: { maxAge: 24 * 60 * 60 * 1000 } // also the row's expiry
}))

app.get('/', function (req, res) {
  req.session.views = (req.session.views || 0) + 1
  res.send('you viewed this page ' + req.session.views + ' times (session ' +
    req.sessionID.slice(0, 8) + '… is stored in PostgreSQL)')
})

app.get('/logout', function (req, res, next) {
  req.session.destroy(function (err) {
    if (err) return next(err)
    res.send('session destroyed')
  })
})

const server = app.listen(Number(process.env.PORT || 3000), '127.0.0.1', function () {
  console.log('postgres example listening on http://localhost:%d', server.address().port)
})

// Ctrl-C (or a process manager's SIGTERM): stop taking requests, then close the pool.
function shutdown () {
  server.close(() => store.close())
}
process.once('SIGINT', shutdown)
process.once('SIGTERM', shutdown)
