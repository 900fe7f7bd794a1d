'use strict'

// Sessions rebuilt from the native map's shaped text (core/src/memory_store/shape.rs):
// `%<serial>` then the session's values, each after a \x01. The serial names a skeleton,
// the session's JSON with `#` for each number and `$` for each string value; compiled
// once into a function that assigns the skeleton's keys, it rebuilds a session several
// times faster than JSON.parse, which looks up every key of every object in V8's string
// table on every read.

const { SerialCache } = require('./serial-cache')

const PERCENT = 37 // '%': a shaped text
const ZERO = 48
const NINE = 57
const MAX_BUILDERS = 512

// The skeleton's tokens: keys without escapes (the native side gives no others), literals,
// punctuation and holes. Anything else is refused, so the compiled code only ever
// assigns those keys, the values read from the text and those literals.
const TOKEN = /"[^"\\\u0000-\u001f]*"|true|false|null|[{}[\],:#$]/y

// false once the process refuses `new Function` (--disallow-code-generation-from-strings):
// then sessions are read as JSON.
let compiling = true

function isShaped (text, at) {
  return text.charCodeAt(at) === PERCENT
}

// The function rebuilding sessions of `skeleton` from (text, index of its first value),
// or null when the skeleton cannot be compiled.
//
// Objects are made by constructors whose prototype is Object.prototype, and arrays by a
// rest parameter, not by literals: V8 tracks each literal's survival, and when a burst
// of sessions outlives a scavenge it starts allocating that literal's objects in the old
// generation, after which every read costs a major collection's share (JSON.parse's
// objects, which have no literal, are never treated so). A constructor assigns its
// members, where a literal defines them; the two differ only for a key that
// Object.prototype has (a setter or a read-only property would be met), so such
// skeletons are not compiled.
function compile (skeleton) {
  if (typeof skeleton !== 'string' || !compiling) return null
  const tokens = tokenize(skeleton)
  if (tokens === null) return null
  let reads = "'use strict'\nlet b\n"
  let constructors = ''
  let objects = 0
  let holes = 0
  const last = tokens.filter(isHole).length - 1
  let at = 0

  function value () {
    const token = tokens[at++]
    if (token === '{') return object()
    if (token === '[') return array()
    if (token === 'true' || token === 'false' || token === 'null') return token
    if (!isHole(token)) return null
    const name = 'v' + holes
    reads += holes === last ? 'b = t.length\n' : "b = t.indexOf('\\x01', a)\n"
    reads += token === '#'
      ? `const ${name} = num(t, a, b)\n`
      : `const ${name} = t.charCodeAt(a) === 2 ? JSON.parse(t.slice(a + 1, b)) : t.slice(a, b)\n`
    reads += 'a = b + 1\n'
    holes++
    return name
  }

  function object () {
    const keys = []
    const values = []
    if (tokens[at] === '}') {
      at++
    } else {
      for (;;) {
        const key = tokens[at++]
        if (key === undefined || key[0] !== '"' || tokens[at++] !== ':') return null
        if (JSON.parse(key) in Object.prototype) return null
        const member = value()
        if (member === null) return null
        keys.push(key)
        values.push(member)
        const next = tokens[at++]
        if (next === '}') break
        if (next !== ',') return null
      }
    }
    const name = 'O' + objects++
    const params = values.map((_, i) => 'p' + i)
    constructors += `function ${name} (${params.join(', ')}) {${keys.map((key, i) => ` this[${key}] = p${i};`).join('')} }\n` +
      `${name}.prototype = OBJECT_PROTOTYPE\n`
    return `new ${name}(${values.join(', ')})`
  }

  function array () {
    const items = []
    if (tokens[at] === ']') {
      at++
    } else {
      for (;;) {
        const item = value()
        if (item === null) return null
        items.push(item)
        const next = tokens[at++]
        if (next === ']') break
        if (next !== ',') return null
      }
    }
    return `list(${items.join(', ')})`
  }

  const expression = value()
  if (expression === null || at !== tokens.length) return null
  try {
    const code = `${constructors}return function build (t, a) {\n${reads}return ${expression}\n}`
    return new Function('num', 'list', 'OBJECT_PROTOTYPE', code)(num, list, Object.prototype) // eslint-disable-line no-new-func
  } catch (error) {
    if (error instanceof EvalError) compiling = false
    return null
  }
}

function isHole (token) {
  return token === '#' || token === '$'
}

// The skeleton's tokens, or null when it has anything else.
function tokenize (skeleton) {
  const tokens = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < skeleton.length) {
    const at = TOKEN.lastIndex
    const match = TOKEN.exec(skeleton)
    if (match === null || match.index !== at) return null
    tokens.push(match[0])
  }
  return tokens
}

// An array of the arguments (an array made so has no literal, see compile).
function list (...items) {
  return items
}

// The number JSON writes at t[a..b]. Most are small integers: reading their digits here
// saves making a string and converting it.
function num (t, a, b) {
  if (b - a <= 9) {
    let n = 0
    for (let i = a; i < b; i++) {
      const digit = t.charCodeAt(i) - ZERO
      if (digit < 0 || digit > 9) return +t.slice(a, b)
      n = n * 10 + digit
    }
    return n
  }
  return +t.slice(a, b)
}

function loadBuilder (map, serial) {
  return compile(map.shapeSkeleton(serial))
}

// Compiled skeletons of one native map, by serial (null: cannot be compiled).
class ShapeBuilders {
  constructor (map) {
    this.map = map
    this.bySerial = new SerialCache(MAX_BUILDERS, loadBuilder)
  }

  // The session shaped in `text` from `at` (its '%'), or undefined when its skeleton
  // cannot be compiled.
  build (text, at) {
    let end = at + 1
    let serial = 0
    for (let c = text.charCodeAt(end); c >= ZERO && c <= NINE; c = text.charCodeAt(++end)) {
      serial = serial * 10 + (c - ZERO)
    }
    const builder = this.bySerial.get(serial, this.map)
    return builder === null ? undefined : builder(text, end + 1)
  }
}

// Whether shaped reads are worth asking for (false once code generation was refused).
function canCompile () {
  return compiling
}

module.exports = { ShapeBuilders, isShaped, canCompile }
