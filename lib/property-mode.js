'use strict'

// Express re-prototypes every request and response (Object.setPrototypeOf, in its init).
// V8 keeps no hidden-class transitions for objects so treated: every property added to
// them afterwards (req.session, req.sessionID, req.sessionStore, res.end, res.writeHead,
// and what Express and Node's own writeHead add or first overwrite) builds a brand-new
// hidden class with a copy of all ~45 property descriptors: 2–3 µs apiece, and garbage.
// Deleting one property first switches the object to dictionary properties, where each of
// those is a hash-table insert. Nothing observable changes: the same properties, values,
// attributes and enumeration order.
//
// Node makes requests and responses with `new`, so their prototype is a class's (it has
// its own `constructor`) unless something re-prototyped them with a plain object, as
// Express does with Object.create(…) objects. Objects still on a class's prototype (plain
// node:http, connect, a ServerResponse subclass) share hidden classes with cached
// transitions, and are left as they are.

const { isProxy } = require('util').types

const SCRATCH = Symbol('express-session-rs.scratch')

function isReprototyped (object) {
  const prototype = Object.getPrototypeOf(object)
  return prototype !== null && !Object.prototype.hasOwnProperty.call(prototype, 'constructor')
}

// A proxy would see the scratch property go by, and a non-extensible object refuses it.
function useDictionaryProperties (object) {
  if (!isReprototyped(object) || !Object.isExtensible(object) || isProxy(object)) return
  object[SCRATCH] = undefined
  delete object[SCRATCH]
}

function prepareForProperties (req, res) {
  useDictionaryProperties(req)
  useDictionaryProperties(res)
}

module.exports = { prepareForProperties, useDictionaryProperties, isReprototyped }
