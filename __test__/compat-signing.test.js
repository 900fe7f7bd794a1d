'use strict'

// Our SessionSigner against cookie-signature 1.0.7 (what express-session 1.19.0 signs
// with), and readSessionId against express-session's own cookie-reading path.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const cookie = require('cookie')
const signature = require('cookie-signature')
const { SessionSigner, READ_STATUS, serializeSessionCookie } = require('../lib/native')
const { createRandom } = require('./support/random')

const CASES = 10000
// Lone surrogates are left out here: see the last test of this file.
const VALUE_ALPHABETS = ['alnum', 'alnum', 'token', 'cookieSyntax', 'base64', 'control', 'latin1', 'unicode', 'astral']
const SIGNATURE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function randomSecret (random) {
  switch (random.int(8)) {
    case 0: return ''
    case 1: return random.chars('alnum', random.between(1, 20))
    case 2: return random.chars('alnum', random.between(64, 300)) // longer than an HMAC block
    case 3: return random.mixed(['unicode', 'astral', 'latin1', 'alnum'], 40)
    case 4: return random.mixed(['control', 'cookieSyntax', 'token'], 30)
    case 5: return Buffer.alloc(0)
    case 6: return random.buffer(64)
    default: return random.buffer(200)
  }
}

function randomValue (random) {
  switch (random.int(4)) {
    case 0: return random.chars('alnum', 32)
    case 1: return ''
    default: return random.mixed(VALUE_ALPHABETS, 60)
  }
}

function sameSecret (a, b) {
  return Buffer.from(a).equals(Buffer.from(b))
}

// cookie-signature's `false` is our `null`.
function ours (signer, signed) {
  const result = signer.unsign(signed)
  return result === null ? false : result
}

function replaceAt (text, index, ch) {
  return text.slice(0, index) + ch + text.slice(index + 1)
}

function differentChar (random, alphabet, current) {
  let ch = current
  while (ch === current) ch = random.chars(alphabet, 1)
  return ch
}

// Tampered forms of a signed value; neither package is expected to accept any of them
// except by coincidence, and both must agree on each one.
function mutations (random, signed, value, otherValue) {
  const dot = signed.lastIndexOf('.')
  const mac = signed.slice(dot + 1)
  const out = [
    signed.slice(0, -1),
    signed.slice(0, -random.between(2, 10)),
    signed + random.chars('base64', 1),
    signed + random.mixed(VALUE_ALPHABETS, 5),
    value + mac,
    value + '.',
    value + '.' + mac + '=',
    signed + '.' + mac,
    otherValue + '.' + mac,
    '.' + signed,
    value + '.' + mac.toLowerCase(),
    mac
  ]
  if (value.length > 0) {
    const i = random.int(value.length)
    out.push(replaceAt(signed, i, differentChar(random, 'alnum', value[i])))
    out.push(signed.slice(0, i) + '.' + signed.slice(i))
  }
  return out
}

test(`sign equals cookie-signature and each side unsigns the other's output (${CASES} cases)`, () => {
  const random = createRandom('signing')
  for (let i = 0; i < CASES; i++) {
    const secret = randomSecret(random)
    const value = randomValue(random)
    const signer = new SessionSigner([secret])

    const theirs = signature.sign(value, secret)
    const mine = signer.sign(value)
    assert.equal(mine, theirs, `sign ${JSON.stringify(value)} ${random.where(i)}`)
    assert.equal(signer.unsign(theirs), value, `unsign theirs ${random.where(i)}`)
    assert.equal(signature.unsign(mine, secret), value, `cookie-signature unsign ours ${random.where(i)}`)
  }
})

test(`tampered values are rejected exactly as cookie-signature rejects them (${CASES} cases)`, () => {
  const random = createRandom('tampering')
  let compared = 0
  for (let i = 0; i < CASES; i++) {
    const secret = randomSecret(random)
    const value = randomValue(random)
    const signer = new SessionSigner([secret])
    const signed = signature.sign(value, secret)

    for (const mutant of mutations(random, signed, value, randomValue(random))) {
      assert.equal(ours(signer, mutant), signature.unsign(mutant, secret),
        `unsign ${JSON.stringify(mutant)} ${random.where(i)}`)
      compared++
    }

    // A changed signature character is always rejected, by both.
    const macIndex = signed.length - 1 - random.int(43)
    const flipped = replaceAt(signed, macIndex, differentChar(random, SIGNATURE_CHARS, signed[macIndex]))
    assert.equal(signature.unsign(flipped, secret), false, `cookie-signature ${random.where(i)}`)
    assert.equal(signer.unsign(flipped), null, `flipped signature ${random.where(i)}`)

    const other = randomSecret(random)
    if (!sameSecret(other, secret)) {
      assert.equal(signature.unsign(signed, other), false, `cookie-signature wrong secret ${random.where(i)}`)
      assert.equal(new SessionSigner([other]).unsign(signed), null, `wrong secret ${random.where(i)}`)
    }
  }
  assert.ok(compared >= CASES * 12)
})

test(`arbitrary strings unsign identically (${CASES} cases)`, () => {
  const random = createRandom('arbitrary')
  const secret = 'keyboard cat'
  const signer = new SessionSigner([secret])
  for (let i = 0; i < CASES; i++) {
    const text = random.mixed([...VALUE_ALPHABETS, '.'], 80)
    assert.equal(ours(signer, text), signature.unsign(text, secret), `unsign ${JSON.stringify(text)} ${random.where(i)}`)
  }
})

test('a string secret and the Buffer of its UTF-8 bytes sign alike', () => {
  const random = createRandom('buffer-equivalence')
  for (let i = 0; i < 1000; i++) {
    const secret = random.mixed(['alnum', 'unicode', 'astral', 'latin1'], 80)
    const value = randomValue(random)
    const fromString = new SessionSigner([secret]).sign(value)
    assert.equal(new SessionSigner([Buffer.from(secret)]).sign(value), fromString, random.where(i))
    assert.equal(fromString, signature.sign(value, Buffer.from(secret)), random.where(i))
  }
})

// express-session's unsigncookie: each secret in turn, the first success wins.
function unsignWithAny (signed, secrets) {
  for (const secret of secrets) {
    const result = signature.unsign(signed, secret)
    if (result !== false) return result
  }
  return false
}

test('rotation: the first secret signs, every secret verifies', () => {
  const random = createRandom('rotation')
  for (let i = 0; i < 3000; i++) {
    const secrets = Array.from({ length: random.between(1, 4) }, () => randomSecret(random))
    const signer = new SessionSigner(secrets)
    const value = randomValue(random)

    assert.equal(signer.sign(value), signature.sign(value, secrets[0]), `signs with the first ${random.where(i)}`)
    const signedWith = secrets[random.int(secrets.length)]
    const signed = signature.sign(value, signedWith)
    assert.equal(signer.unsign(signed), value, `verifies with any ${random.where(i)}`)

    const stranger = signature.sign(value, random.chars('alnum', 24) + '!')
    assert.equal(ours(signer, stranger), unsignWithAny(stranger, secrets), `unknown secret ${random.where(i)}`)
  }
})

test('rotation: a cookie signed before the rotation still verifies after it', () => {
  const before = new SessionSigner(['old secret'])
  const after = new SessionSigner(['new secret', 'old secret'])
  const signed = before.sign('session-id')
  assert.equal(after.unsign(signed), 'session-id')
  assert.equal(after.sign('session-id'), signature.sign('session-id', 'new secret'))
  assert.equal(new SessionSigner(['new secret']).unsign(signed), null)
})

test('an empty secret list cannot sign (express-session rejects it at setup)', () => {
  const signer = new SessionSigner([])
  assert.throws(() => signer.sign('x'))
  assert.equal(signer.unsign(signature.sign('x', '')), null)
})

// express-session 1.19.0 getcookie() for the Cookie header alone, with our status codes
// standing in for the cases where it logs and yields no ID.
function expressReadSessionId (header, name, secrets) {
  const raw = cookie.parse(header)[name]
  if (!raw) return READ_STATUS.NONE
  if (raw.substr(0, 2) !== 's:') return READ_STATUS.UNSIGNED
  const value = unsignWithAny(raw.slice(2), secrets)
  return value === false ? READ_STATUS.INVALID_SIGNATURE : value
}

function randomCookieName (random) {
  return random.chance(0.5) ? 'connect.sid' : random.mixed(['alnum', 'token'], 12) || 'sid'
}

function randomOtherCookie (random) {
  const name = random.mixed(['alnum', 'token', 'cookieSyntax'], 8)
  return `${name}=${random.mixed(VALUE_ALPHABETS, 20)}`
}

function sessionCookieValue (random, value, secrets) {
  const signed = 's:' + signature.sign(value, random.pick(secrets))
  switch (random.int(10)) {
    case 0: return signed
    case 1: return `"${encodeURIComponent(signed)}"`
    case 2: return 's%3A' + encodeURIComponent(mutations(random, signed.slice(2), value, 'x')[random.int(12)])
    case 3: return encodeURIComponent(signed.slice(2))
    case 4: return ''
    case 5: return encodeURIComponent(signed).replace(/%/g, random.pick(['%', '%%', '%Z']))
    default: return encodeURIComponent(signed)
  }
}

test(`readSessionId equals express-session's cookie reading (${CASES} headers)`, () => {
  const random = createRandom('read-session-id')
  const seen = { ids: 0, none: 0, unsigned: 0, invalid: 0 }
  for (let i = 0; i < CASES; i++) {
    const secrets = Array.from({ length: random.between(1, 3) }, () => randomSecret(random))
    const signer = new SessionSigner(secrets)
    const name = randomCookieName(random)
    const value = random.chance(0.5) ? random.chars('alnum', 32) : randomValue(random)

    const pairs = Array.from({ length: random.int(3) }, () => randomOtherCookie(random))
    const sessionPairs = random.chance(0.9) ? 1 : random.int(3)
    for (let n = 0; n < sessionPairs; n++) {
      pairs.splice(random.int(pairs.length + 1), 0, `${name}=${sessionCookieValue(random, value, secrets)}`)
    }
    const header = pairs.join(random.pick(['; ', ';', ' ; ', ';\t']))

    const expected = expressReadSessionId(header, name, secrets)
    assert.equal(signer.readSessionId(header, name), expected,
      `readSessionId(${JSON.stringify(header)}, ${JSON.stringify(name)}) ${random.where(i)}`)
    if (typeof expected === 'string') seen.ids++
    else if (expected === READ_STATUS.NONE) seen.none++
    else if (expected === READ_STATUS.UNSIGNED) seen.unsigned++
    else seen.invalid++
  }
  // The generator must reach every outcome often.
  for (const [outcome, count] of Object.entries(seen)) assert.ok(count > CASES / 50, `${outcome}: ${count}`)
})

// Strings cross into Rust as UTF-8, where a lone surrogate becomes U+FFFD, as it does in
// cookie-signature's HMAC input; the signature is the same. A session ID with a lone
// surrogate never gets that far: its cookie cannot be URI-encoded, and the session cookie
// serializer refuses it with encodeURIComponent's URIError, as express-session does.
test('values with lone surrogates get the signature cookie-signature gives them', () => {
  const secret = 'keyboard cat'
  const signer = new SessionSigner([secret])
  for (const value of ['a\ud800', '\udc00b', 'x\udbff\udbffy']) {
    const mac = (signed) => signed.slice(signed.lastIndexOf('.') + 1)
    assert.equal(mac(signer.sign(value)), mac(signature.sign(value, secret)), `sign ${JSON.stringify(value)}`)
    assert.throws(() => serializeSessionCookie(signer, 'connect.sid', value, {}), URIError)
  }
})
