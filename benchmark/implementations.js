'use strict'

// The session layers compared in one run: none (bare), express-session 1.19.0 with its own
// MemoryStore, ours with the native MemoryStore, and ours with express-session's JS
// MemoryStore (the path every third-party store takes).
//
// One reference besides them, `bare-dictionary`: a pass-through that only switches
// the request and response to dictionary properties, as our middleware does first (see
// lib/property-mode.js). That switch also speeds up what Express and Node do with those
// objects afterwards, so this row shows how much of our figure is that switch and how
// much is the session work itself.

const expressSession = require('express-session')
const ours = require('..')
const { prepareForProperties } = require('../lib/property-mode')

function passThrough (req, res, next) {
  next()
}

function dictionaryPassThrough (req, res, next) {
  prepareForProperties(req, res)
  next()
}

const all = [
  { name: 'bare', sessionless: true, create: () => passThrough },
  { name: 'express-session', create: (options) => expressSession(options) },
  { name: 'express-session-rs', create: (options) => ours(options) },
  {
    name: 'express-session-rs + JS store',
    create: (options) => ours({ ...options, store: new expressSession.MemoryStore() })
  },
  { name: 'bare-dictionary', sessionless: true, create: () => dictionaryPassThrough }
]

// The comma-separated names of the implementations a benchmark runs unless told otherwise.
function defaultNames () {
  return all.map((i) => i.name).join(',')
}

module.exports = { all, defaultNames, byName: (name) => all.find((i) => i.name === name) }
