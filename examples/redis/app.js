'use strict'

// express-session-rs with sessions in Redis, through connect-redis (v9, the newest that runs on
// Node 20) and the `redis` client. Sessions survive a restart of the app and are shared by
// every process that uses the same Redis and prefix.
//
// connect-redis does `require('express-session')` itself and builds its store on that
// package's `Store` class. So this app installs express-session-rs under the name
// `express-session` and overrides that name for every package (see package.json here):
//
//   "dependencies": { "express-session": "npm:express-session-rs@^1.0.0", ... },
//   "overrides": { "express-session": "$express-session" }
//
// and keeps `require('express-session')`. `npm ls express-session` then shows only
// express-session-rs, also under connect-redis.
//
//   REDIS_URL=redis://127.0.0.1:6379 node app.js

const express = require('express')
const session = require('express-session') // express-session-rs, through package.json
const { RedisStore } = require('connect-redis')
const { createClient } = require('redis')

const redisClient = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' })
redisClient.on('error', (err) => console.error('Redis client error:', err.message))

const store = new RedisStore({
  client: redisClient,
  prefix: process.env.SESSION_PREFIX || 'myapp:' // keys are <prefix><session ID>
})

const app = express()

app.use(session({
  store,
  secret: process.env.SESSION_SECRET || 'keyboard cat',
  resave: false, // connect-redis implements touch(): no need to rewrite unchanged sessions
  saveUninitialized: false, // only store sessions that hold something
  cookie: { maxAge: 24 * 60 * 60 * 1000 } // also the key's TTL in Redis
}))

app.get('/', function (req, res) {
  req.session.views = (req.session.views || 0) + 1
  res.send('you viewed this page ' + req.session.views + ' times (session ' +
    req.sessionID.slice(0, 8) + '… is stored in Redis)')
})

app.get('/logout', function (req, res, next) {
  req.session.destroy(function (err) {
    if (err) return next(err)
    res.send('session destroyed')
  })
})

async function main () {
  await redisClient.connect()
  const server = app.listen(Number(process.env.PORT || 3000), '127.0.0.1', function () {
    console.log('redis example listening on http://localhost:%d', server.address().port)
  })

  // Ctrl-C (or a process manager's SIGTERM): stop taking requests, then close Redis.
  function shutdown () {
    server.close(() => redisClient.quit().catch(() => {}))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch(function (err) {
  console.error('cannot start:', err.message)
  process.exit(1)
})
