'use strict'

// Express re-prototypes every request and response (Object.setPrototypeOf, in its init).
// V8 before 13 (Node 20 and 22) keeps no hidden-class transitions for objects so treated:
// every property added to them afterwards (req.session, req.sessionID, res.end, and what
// Express and Node's own writeHead add or first overwrite) builds a brand-new hidden class
// with a copy of all ~45 property descriptors: 2–3 µs apiece, and garbage. Deleting one
// property first switches the object to dictionary properties, where each of those is a
// hash-table insert. Nothing observable changes: the same properties, values, attributes
// and enumeration order.
//
// V8 13 and later (Node 24, 26) keep those transitions, so bare Express is fast there and
// the switch only costs (15–20 µs per request, measured: see the README's benchmark). The
// switch therefore runs only on engines where it pays, decided once per process from the
// engine's version; the `dictionaryProperties` option or the environment variable
// EXPRESS_SESSION_RS_DICTIONARY_PROPERTIES (0 or 1) decides instead when set.
//
// Node makes requests and responses with `new`, so their prototype is a class's (it has
// its own `constructor`) unless something re-prototyped them with a plain object, as
// Express does with Object.create(…) objects. Objects still on a class's prototype (plain
// node:http, connect, a ServerResponse subclass) share hidden classes with cached
// transitions, and are left as they are.

const { isProxy } = require('util').types

const SCRATCH = Symbol('express-session-rs.scratch')
const ENV_SWITCH = 'EXPRESS_SESSION_RS_DICTIONARY_PROPERTIES'
// The first V8 major that keeps hidden-class transitions after Object.setPrototypeOf.
const V8_KEEPING_TRANSITIONS = 13

function engineLosesTransitions (v8Version) {
  return Number(String(v8Version).split('.')[0]) < V8_KEEPING_TRANSITIONS
}

// Whether the middleware switches re-prototyped requests and responses: the option when
// given, else the environment variable when set to 0 or 1, else what the engine needs.
function dictionaryPropertiesWanted (option, env = process.env, v8Version = process.versions.v8) {
  if (option !== undefined) return option
  const fromEnv = env[ENV_SWITCH]
  if (fromEnv === '0' || fromEnv === '1') return fromEnv === '1'
  return engineLosesTransitions(v8Version)
}

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

module.exports = { prepareForProperties, useDictionaryProperties, isReprototyped, dictionaryPropertiesWanted }
