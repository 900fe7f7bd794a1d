'use strict'

// A seeded pseudo-random source for the generated compatibility cases. Every run uses
// COMPAT_SEED when it is set, otherwise a fixed seed; `where(i)` names the seed and the
// case in assertion messages so that any failure can be replayed exactly.

const DEFAULT_SEED = 0x5e55104

const ALPHABETS = Object.freeze({
  alnum: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  token: "!#$%&'*+-.^_`|~",
  cookieSyntax: '%;=", \t\\',
  base64: '+/=-_.',
  hex: '0123456789abcdefABCDEF',
  control: Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f',
  latin1: '\x80\xa0\xa9\xb5\xc3\xe9\xff',
  unicode: 'é中ßΩж€\u2028\ufeff\ufffd',
  astral: ['😀', '𝄞', '🍪']
})

function seedFromEnv () {
  const text = process.env.COMPAT_SEED
  if (text === undefined || text === '') return DEFAULT_SEED
  const seed = Number(text)
  if (!Number.isInteger(seed)) throw new Error(`COMPAT_SEED must be an integer, got ${text}`)
  return seed >>> 0
}

// mulberry32: small, fast and good enough to spread test inputs.
function mulberry32 (seed) {
  let state = seed >>> 0
  return function next () {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Each test file passes its own label so that files do not share a sequence.
function createRandom (label) {
  const seed = seedFromEnv()
  let labelHash = 0
  for (const ch of String(label)) labelHash = (Math.imul(labelHash, 31) + ch.codePointAt(0)) >>> 0
  const next = mulberry32(seed ^ labelHash)

  const random = {
    seed,
    float: next,
    int (n) {
      return Math.floor(next() * n)
    },
    between (min, max) {
      return min + Math.floor(next() * (max - min + 1))
    },
    chance (p) {
      return next() < p
    },
    pick (items) {
      return items[Math.floor(next() * items.length)]
    },
    // `length` characters (code points for `astral`) drawn from `alphabet`.
    chars (alphabet, length) {
      const units = typeof alphabet === 'string' ? alphabet : ALPHABETS[alphabet]
      const pool = Array.isArray(units) ? units : Array.from(units)
      let out = ''
      for (let i = 0; i < length; i++) out += pool[Math.floor(next() * pool.length)]
      return out
    },
    // A string mixing the named alphabets; each character picks its alphabet first.
    mixed (names, maxLength) {
      const length = Math.floor(next() * (maxLength + 1))
      let out = ''
      for (let i = 0; i < length; i++) out += random.chars(random.pick(names), 1)
      return out
    },
    buffer (maxLength) {
      const bytes = Buffer.alloc(Math.floor(next() * (maxLength + 1)))
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256)
      return bytes
    },
    where (index) {
      return `(replay with COMPAT_SEED=${seed}, ${label} case ${index})`
    }
  }
  return random
}

module.exports = { ALPHABETS, createRandom, seedFromEnv }
