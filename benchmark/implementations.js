'use strict'

// The session layers compared in one run: none (bare), express-session 1.19.0 with its own
// MemoryStore, ours with the native MemoryStore, and ours with express-session's JS
// MemoryStore (the path every third-party store takes).

const expressSession = require('express-session')
const ours = require('..')

function passThrough (req, res, next) {
  next()
}

const all = [
  { name: 'bare', create: () => passThrough },
  { name: 'express-session', create: (options) => expressSession(options) },
  { name: 'express-session-rs', create: (options) => ours(options) },
  {
    name: 'express-session-rs + JS store',
    create: (options) => ours({ ...options, store: new expressSession.MemoryStore() })
  }
]

module.exports = { all, micro: () => all, byName: (name) => all.find((i) => i.name === name) }
