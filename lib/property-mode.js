'use strict'

// Express re-prototypes every request and response (Object.setPrototypeOf, in its init).
// V8 keeps no hidden-class transitions for objects so treated: every property added to
// them afterwards (req.session, req.sessionID, req.sessionStore, res.end, res.writeHead,
// and what Express and Node's own writeHead add or first overwrite) builds a brand-new
// hidden class with a copy of all ~45 property descriptors: 2–3 µs apiece, and garbage.
// Deleting one property first switches the object to dictionary properties, where each of
// those is a hash-table insert. Nothing observable changes: the same properties, values,
// attributes and enumeration order. Objects that keep their class's own prototype (plain
// node:http, connect) are left as they are: their hidden classes are shared and cached.

const http = require('http')

const SCRATCH = Symbol('express-session-rs.scratch')

function useDictionaryProperties (object, classPrototype) {
  if (Object.getPrototypeOf(object) === classPrototype) return
  object[SCRATCH] = undefined
  delete object[SCRATCH]
}

function prepareForProperties (req, res) {
  useDictionaryProperties(req, http.IncomingMessage.prototype)
  useDictionaryProperties(res, http.ServerResponse.prototype)
}

module.exports = { prepareForProperties, useDictionaryProperties }
