'use strict'

// JSON.stringify(value), written out in JavaScript after ECMA-262's SerializeJSONProperty,
// SerializeJSONObject and SerializeJSONArray (no replacer, no indentation), so that one
// top-level member can be left out without a replacer function, and because for the small
// objects sessions are, V8 runs this faster than its own JSON.stringify: V8 enters its
// runtime for every call and looks up `toJSON` along each object's prototype chain.
//
// Anything nested deeper than MAX_DEPTH, which is also where a circular structure ends
// up (JSON.stringify must throw its own message for it), is handed to JSON.stringify whole.

const { isBoxedPrimitive } = require('node:util').types

const MAX_DEPTH = 64
const GIVE_UP = Symbol('json-text.giveUp')
const OBJECT_PROTOTYPE = Object.prototype
const ARRAY_PROTOTYPE = Array.prototype

// JSON.stringify(value), without the top-level member named `leaveOut` (if any; `value`
// is then an object without toJSON).
function jsonText (value, leaveOut) {
  const text = property(value, '', 0, leaveOut)
  if (text !== GIVE_UP) return text
  if (leaveOut === undefined || value === null || typeof value !== 'object') return JSON.stringify(value)
  return JSON.stringify(value, function (key, member) {
    return this === value && key === leaveOut ? undefined : member
  })
}

function quote (string) {
  for (let i = 0; i < string.length; i++) {
    const c = string.charCodeAt(i)
    // Control characters, '"', '\\' and surrogates need escapes; JSON.stringify knows them.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(string)
  }
  return '"' + string + '"'
}

// SerializeJSONProperty for `value` (read from its holder under `key`) at nesting
// `depth`: its text, undefined when it has none, or GIVE_UP.
function property (value, key, depth, leaveOut) {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint')) {
    const toJSON = value.toJSON
    if (typeof toJSON === 'function') value = toJSON.call(value, key)
  }
  switch (typeof value) {
    case 'string': return quote(value)
    case 'number': return isFinite(value) ? String(value) : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      const prototype = Object.getPrototypeOf(value)
      if (prototype !== OBJECT_PROTOTYPE && prototype !== ARRAY_PROTOTYPE && isBoxedPrimitive(value)) {
        return JSON.stringify(value)
      }
      // A circular structure gets here too, MAX_DEPTH levels into its circle.
      if (depth >= MAX_DEPTH) return GIVE_UP
      return Array.isArray(value) ? array(value, depth + 1) : object(value, depth + 1, leaveOut)
    }
    case 'bigint': return JSON.stringify(value) // throws what JSON.stringify throws
    default: return undefined // undefined, functions, symbols
  }
}

function object (value, depth, leaveOut) {
  const keys = Object.keys(value)
  let text = ''
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    if (key === leaveOut && depth === 1) continue
    const member = property(value[key], key, depth, undefined)
    if (member === undefined) continue
    if (member === GIVE_UP) return GIVE_UP
    text += (text === '' ? '{' : ',') + memberHead(key) + member
  }
  return text === '' ? '{}' : text + '}'
}

// `"key":` of recent keys, by a hash of the key's length and first character: a
// session's keys are few and the same every time.
const HEAD_SLOTS = 256
const headKeys = new Array(HEAD_SLOTS).fill(undefined)
const heads = new Array(HEAD_SLOTS).fill('')

function memberHead (key) {
  const slot = (key.length * 31 + key.charCodeAt(0)) & (HEAD_SLOTS - 1)
  if (headKeys[slot] === key) return heads[slot]
  const head = quote(key) + ':'
  headKeys[slot] = key
  heads[slot] = head
  return head
}

function array (value, depth) {
  const length = value.length
  let text = '['
  for (let i = 0; i < length; i++) {
    if (i > 0) text += ','
    const item = property(value[i], String(i), depth, undefined)
    if (item === GIVE_UP) return GIVE_UP
    text += item === undefined ? 'null' : item
  }
  return text + ']'
}

module.exports = { jsonText }
