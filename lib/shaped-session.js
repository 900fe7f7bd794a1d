'use strict'

// Sessions rebuilt from the native map's shaped text (core/src/memory_store/shape.rs):
// `%<serial>` then the session's values, each after a \x01. The serial names a skeleton,
// the session's JSON with `#` for each number and `$` for each string value; compiled
// once into a function whose object literal has the skeleton's keys, it rebuilds a
// session several times faster than JSON.parse, which looks up every key of every
// object in V8's string table on every read.

const PERCENT = 37 // '%': a shaped text
const ZERO = 48
const NINE = 57
const MAX_BUILDERS = 512

// The skeleton's tokens: keys without escapes (the native side gives no others), literals,
// punctuation and holes. Anything else is refused, so the compiled code is only ever an
// object or array literal of those.
const TOKEN = /"[^"\\\u0000-\u001f]*"|true|false|null|[{}[\],:#$]/y

// false once the process refuses `new Function` (--disallow-code-generation-from-strings):
// then sessions are read as JSON.
let compiling = true

function isShaped (text, at) {
  return text.charCodeAt(at) === PERCENT
}

// The function rebuilding sessions of `skeleton` from (text, index of its first value),
// or null when the skeleton cannot be compiled.
function compile (skeleton) {
  if (typeof skeleton !== 'string' || !compiling) return null
  let code = "'use strict'\nlet b\n"
  let literal = ''
  let holes = 0
  const last = countHoles(skeleton) - 1
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < skeleton.length) {
    const at = TOKEN.lastIndex
    const match = TOKEN.exec(skeleton)
    if (match === null || match.index !== at) return null
    const token = match[0]
    if (token !== '#' && token !== '$') {
      literal += token
      continue
    }
    const name = 'v' + holes
    code += holes === last ? 'b = t.length\n' : "b = t.indexOf('\\x01', a)\n"
    code += token === '#'
      ? `const ${name} = num(t, a, b)\n`
      : `const ${name} = t.charCodeAt(a) === 2 ? JSON.parse(t.slice(a + 1, b)) : t.slice(a, b)\n`
    code += 'a = b + 1\n'
    literal += name
    holes++
  }
  try {
    return new Function('num', `return function build (t, a) {\n${code}return ${literal}\n}`)(num) // eslint-disable-line no-new-func
  } catch (error) {
    if (error instanceof EvalError) compiling = false
    return null
  }
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

function countHoles (skeleton) {
  let holes = 0
  let inKey = false
  for (let i = 0; i < skeleton.length; i++) {
    const c = skeleton.charCodeAt(i)
    if (c === 34) inKey = !inKey
    else if (!inKey && (c === 35 || c === 36)) holes++
  }
  return holes
}

// Compiled skeletons of one native map, by serial.
class ShapeBuilders {
  constructor (map) {
    this.map = map
    this.bySerial = new Map()
  }

  // The session shaped in `text` from `at` (its '%'), or undefined when its skeleton
  // cannot be compiled.
  build (text, at) {
    let end = at + 1
    let serial = 0
    for (let c = text.charCodeAt(end); c >= ZERO && c <= NINE; c = text.charCodeAt(++end)) {
      serial = serial * 10 + (c - ZERO)
    }
    let builder = this.bySerial.get(serial)
    if (builder === undefined) {
      builder = compile(this.map.shapeSkeleton(serial))
      if (this.bySerial.size >= MAX_BUILDERS) this.bySerial.clear()
      this.bySerial.set(serial, builder)
    }
    return builder === null ? undefined : builder(text, end + 1)
  }
}

// Whether shaped reads are worth asking for (false once code generation was refused).
function canCompile () {
  return compiling
}

module.exports = { ShapeBuilders, isShaped, canCompile }
