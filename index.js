'use strict'

// express-session-rs: express-session's API over a Rust core.

const session = require('./lib/middleware')
const Cookie = require('./lib/cookie')
const Session = require('./lib/session')
const Store = require('./lib/store')
const { MemoryStore } = require('./lib/memory-store')
const { RedisStore } = require('./lib/redis-store')

module.exports = session
module.exports.Store = Store
module.exports.Cookie = Cookie
module.exports.Session = Session
module.exports.MemoryStore = MemoryStore
module.exports.RedisStore = RedisStore
