'use strict'

// No panic or abort is reachable from JavaScript. Random bytes and random types (undefined,
// null, numbers, NaN, BigInt, symbols, objects, proxies that throw, arrays, huge strings,
// strings with lone surrogates, Buffers, typed arrays, instances of the other native class)
// go through EVERY exported native function, constructor and method of `binding.js`, and
// through the `lib/native.js` wrappers. Each call must return or throw an `Error`; results of
// calls that return are checked for their documented shape.
//
// Each scenario runs in a child process, so an abort (a Rust panic across the FFI boundary,
// a failed napi assertion) shows up as a signal or a non-zero exit code instead of killing
// the test runner. The child records the call in progress in a file, so a crash names the
// call that caused it. Inputs come from a seeded generator (COMPAT_SEED replays a run).

const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const CHILD_TIMEOUT_MS = 120000

// ---------------------------------------------------------------------------------------
// The child: runs one scenario and prints a JSON report on stdout.

function childMain (config) {
  const fs = require('fs')
  const path = require('path')
  const binding = require(path.join(config.root, 'binding.js'))
  const native = require(path.join(config.root, 'lib', 'native.js'))
  const { createRandom } = require(path.join(config.root, '__test__', 'support', 'random.js'))
  const random = createRandom('native-random-input:' + config.scenario)
  const progressFd = fs.openSync(config.progressFile, 'w')

  const report = { calls: {}, failures: [], seed: random.seed }
  function note (name, outcome) {
    const entry = report.calls[name] || (report.calls[name] = { calls: 0, returned: 0, threw: 0 })
    entry.calls++
    entry[outcome]++
  }
  function fail (message) {
    if (report.failures.length < 20) report.failures.push(message)
  }

  // -- values ------------------------------------------------------------------------

  const lone = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD800b', '\uDC00\uD800', 'x\uD83D']
  const HUGE = {
    string1M: 'a'.repeat(1 << 20),
    string16M: 'z=1; '.repeat((16 << 20) / 5),
    cookies: Array.from({ length: 20000 }, (_, i) => `k${i}=v${i}`).join('; '),
    surrogates: '\uD800'.repeat(1 << 18),
    buffer: Buffer.alloc(4 << 20, 0xab),
    array: Array.from({ length: 100000 }, (_, i) => 'secret' + i)
  }

  function randomString () {
    switch (random.int(10)) {
      case 0: return ''
      case 1: return random.pick(lone) + random.mixed(['alnum', 'cookieSyntax'], 8) + random.pick(lone)
      case 2: return random.buffer(64).toString('latin1')
      case 3: return random.buffer(64).toString('utf8')
      case 4: return random.mixed(['alnum', 'token', 'cookieSyntax', 'base64', 'control', 'latin1', 'unicode', 'astral'], 40)
      case 5: return 's:' + random.mixed(['alnum', 'base64'], 50)
      case 6: return random.mixed(['alnum', 'cookieSyntax', 'hex'], 200)
      case 7: return random.chance(0.02) ? random.pick(Object.values(HUGE).filter((v) => typeof v === 'string')) : '\u0000'.repeat(random.int(5))
      case 8: return String.fromCharCode(...Array.from({ length: random.int(20) }, () => random.int(0x10000)))
      default: return random.mixed(['alnum'], 32)
    }
  }

  function randomNumber () {
    return random.pick([
      0, -0, 1, -1, 0.5, -0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 32, 2 ** 32 - 1, 2 ** 53, -(2 ** 53),
      Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 8.64e15, 8.64e15 + 1,
      -8.64e15, 1e21, Date.now(), random.float() * 1e10 - 5e9, random.int(256), random.int(2 ** 32)
    ])
  }

  const throwingProxy = new Proxy([], {
    get () { throw new Error('proxy get trap') },
    has () { throw new Error('proxy has trap') },
    ownKeys () { throw new Error('proxy ownKeys trap') },
    getOwnPropertyDescriptor () { throw new Error('proxy descriptor trap') }
  })
  // A Proxy claiming a length it does not have (napi does not treat a Proxy as an array), kept
  // short: JS itself would take minutes to String() a 2^32-element array in the wrappers.
  const lyingArray = () => new Proxy(['a', 'b'], { get (t, k) { return k === 'length' ? 1 << 20 : t[k] } })

  function randomObject () {
    return random.pick([
      {}, { length: 3 }, { toString () { throw new Error('toString') } }, { valueOf () { throw new Error('valueOf') } },
      { [Symbol.toPrimitive] () { throw new Error('toPrimitive') } }, Object.create(null), new Date(NaN), new Date(0),
      /re/g, () => {}, function named () {}, Promise.resolve(), new Map([[1, 2]]), new WeakMap(), new Error('e'),
      throwingProxy, lyingArray(), Object.freeze({ a: 1 }), new Uint16Array([0xd800, 0x41]), new Float64Array([NaN]),
      new ArrayBuffer(8), new DataView(new ArrayBuffer(4)), new SharedArrayBuffer(4), globalThis, process,
      new binding.SessionSigner(['k']), new binding.NativeSessionMap()
    ])
  }

  function randomArray () {
    switch (random.int(6)) {
      case 0: return []
      case 1: return [randomString(), randomString()]
      case 2: return [random.buffer(32), randomString(), Buffer.alloc(0)]
      case 3: { const a = []; a[5] = 'sparse'; return a }
      case 4: return random.chance(0.1) ? HUGE.array : [randomValue(1), randomValue(1)]
      default: return [randomValue(1)]
    }
  }

  function randomValue (depth = 0) {
    switch (random.int(depth > 0 ? 9 : 11)) {
      case 0: return undefined
      case 1: return null
      case 2: return random.chance(0.5)
      case 3: return randomNumber()
      case 4: return random.pick([0n, 1n, -1n, 2n ** 64n, -(2n ** 200n)])
      case 5: return random.pick([Symbol('s'), Symbol.iterator, Symbol.for('x')])
      case 6: return randomString()
      case 7: return random.chance(0.05) ? HUGE.buffer : random.buffer(64)
      case 8: return randomObject()
      default: return randomArray()
    }
  }

  // Plausible arguments (the declared types, hostile contents), so calls get past the type
  // checks into the core; every position is sometimes replaced by a random value.
  const ARG = {
    str: randomString,
    num: randomNumber,
    optStr: () => random.chance(0.3) ? random.pick([undefined, null]) : randomString(),
    u32: () => random.pick([0, random.int(8), random.int(8) | 0x80, 0xff, random.int(256), random.int(2 ** 32), 2 ** 32 - 1]),
    name: () => random.chance(0.7) ? random.pick(['sid', 'connect.sid', random.chars('token', 1 + random.int(8))]) : randomString(),
    domain: () => random.pick([undefined, null, 'example.com', '.a.b', randomString()]),
    path: () => random.pick([undefined, null, '/', '/a b', randomString()]),
    priority: () => random.pick([undefined, null, 'high', 'Low', randomString()]),
    sameSite: () => random.pick([undefined, null, 'lax', 'NONE', randomString()]),
    secrets: () => random.chance(0.2) ? randomArray() : Array.from({ length: 1 + random.int(3) }, () => random.chance(0.3) ? random.buffer(80) : randomString()),
    header: () => random.chance(0.005) ? random.pick([HUGE.cookies, HUGE.string16M]) : Array.from({ length: random.int(6) }, () => `${random.pick(['connect.sid', 'sid', randomString()])}=${randomString()}`).join(random.pick(['; ', ';', ' ; '])),
    options: () => random.chance(0.2)
      ? randomValue()
      : {
          maxAge: random.chance(0.5) ? randomValue() : randomNumber(),
          expires: random.pick([new Date(randomNumber()), new Date(NaN), undefined, randomValue()]),
          domain: random.pick([undefined, 'example.com', randomString(), randomValue()]),
          path: random.pick([undefined, '/', randomString(), randomValue()]),
          priority: random.pick([undefined, 'high', 'LOW', randomString(), randomValue()]),
          sameSite: random.pick([undefined, true, false, 'lax', 'None', 'strict', randomString(), randomValue()]),
          httpOnly: randomValue(),
          secure: randomValue(),
          partitioned: randomValue()
        },
    signer: () => random.chance(0.8) ? new binding.SessionSigner([randomString() || 'k']) : randomValue(),
    // A live map's handle, or one naming no map (freed, never made, out of range).
    handle: () => random.chance(0.8) ? liveMap.handle() : random.pick([liveMap.handle() + 1000, 2 ** 32 - 1, -1, 0.5, NaN]),
    bool: () => random.chance(0.8) ? random.chance(0.5) : randomValue(),
    // A closed loopback port: commands fail fast with a connection error, nothing leaves the machine.
    urls: () => random.chance(0.8) ? [random.pick(['redis://127.0.0.1:1', 'rediss://127.0.0.1:1', 'redis://:pw@127.0.0.1:1/3'])] : randomArray(),
    fn: () => random.chance(0.9) ? () => {} : randomValue(),
    closableRedis: () => random.chance(0.5) && redisHandles.length ? random.pick(redisHandles) : random.pick([liveRedis + 1000, 2 ** 32 - 1, -1, 0.5, NaN]),
    redisHandle: () => random.chance(0.8) ? liveRedis : random.pick([liveRedis + 1000, 2 ** 32 - 1, -1, 0.5, NaN])
  }
  const liveMap = new binding.NativeSessionMap()
  const redisHandles = []
  const liveRedis = binding.redisOpen(['redis://127.0.0.1:1'], false, 'p:', 60, false, 200, 200, null, null, null, () => {})

  // Parameter lists as declared in binding.d.ts (exports not listed get random arguments).
  const FUNCTIONS = {
    generateSessionId: [],
    decisionTable: [],
    decisionInputBitNames: [],
    parseCookieHeader: ['header'],
    serializeCookie: ['name', 'str', 'num', 'num', 'domain', 'path', 'priority', 'sameSite', 'u32']
  }
  const MAP_FUNCTIONS = {
    sessionMapGet: ['handle', 'str', 'num'],
    sessionMapGetPacked: ['handle', 'str', 'num'],
    sessionMapCookieTemplate: ['handle', 'num'],
    sessionMapSet: ['handle', 'str', 'optStr', 'str', 'num', 'num'],
    sessionMapSetTemplated: ['handle', 'str', 'num', 'str', 'num', 'num'],
    sessionMapTouch: ['handle', 'str', 'str', 'num', 'num'],
    sessionMapTouchTemplated: ['handle', 'str', 'num', 'num', 'num'],
    sessionMapInternCookie: ['handle', 'str', 'num'],
    sessionMapDestroy: ['handle', 'str'],
    sessionMapAll: ['handle', 'num'],
    sessionMapSnapshot: ['handle'],
    sessionMapIds: ['handle', 'num'],
    sessionMapLength: ['handle', 'num'],
    sessionMapClear: ['handle'],
    sessionMapSweep: ['handle', 'num', 'num'],
    sessionMapPrune: ['handle', 'num'],
    sessionMapStats: ['handle']
  }
  Object.assign(FUNCTIONS, MAP_FUNCTIONS)
  Object.assign(FUNCTIONS, {
    redisOpen: ['urls', 'bool', 'str', 'num', 'bool', 'num', 'num', 'optStr', 'optStr', 'optStr', 'fn'],
    redisGet: ['redisHandle', 'u32', 'str'],
    redisSet: ['redisHandle', 'u32', 'str', 'str', 'num', 'num', 'num', 'u32'],
    redisTouch: ['redisHandle', 'u32', 'str', 'num', 'num', 'num'],
    redisMerge: ['redisHandle', 'u32', 'str', 'str', 'str', 'str', 'num', 'num', 'num'],
    redisDestroy: ['redisHandle', 'u32', 'str'],
    redisPing: ['redisHandle', 'u32'],
    redisScan: ['redisHandle', 'u32', 'u32', 'num'],
    redisIdle: ['redisHandle'],
    redisFlush: ['redisHandle'],
    // Never the live connection: the other calls keep using it.
    redisClose: ['closableRedis']
  })
  const CLASSES = {
    SessionSigner: {
      ctor: ['secrets'],
      methods: {
        sign: ['str'],
        unsign: ['str'],
        readSessionId: ['header', 'str'],
        sessionCookie: ['name', 'str', 'num', 'domain', 'path', 'priority', 'sameSite', 'u32']
      }
    },
    NativeSessionMap: { ctor: ['num', 'num', 'num'], methods: {} }
  }
  const WRAPPERS = {
    'native.serializeCookie': ['name', 'str', 'options'],
    'native.serializeSessionCookie': ['signer', 'name', 'str', 'options']
  }

  function argsFor (params) {
    const mode = random.int(4)
    if (mode === 0) return Array.from({ length: random.int((params ? params.length : 3) + 3) }, () => randomValue())
    const args = (params || []).map((p) => random.chance(0.1) ? randomValue() : ARG[p]())
    if (mode === 1 && args.length) args.length = random.int(args.length)
    if (mode === 2) args.push(randomValue())
    return args
  }

  function describeArg (v) {
    try { return describeValue(v) } catch { return '<hostile object>' }
  }

  function describeValue (v) {
    if (typeof v === 'string') return v.length > 60 ? `<string ${v.length}>` : JSON.stringify(v)
    if (typeof v === 'bigint') return `${v}n`
    if (typeof v === 'symbol') return v.toString()
    if (Buffer.isBuffer(v)) return `<Buffer ${v.length}>`
    if (Array.isArray(v)) return v.length > 5 ? `<array ${v.length}>` : `[${v.map(describeArg).join(', ')}]`
    if (v === null || typeof v !== 'object') return String(v)
    try { return `<${Object.prototype.toString.call(v)}>` } catch { return '<object>' }
  }

  let callNumber = 0
  function attempt (name, fn, args, check) {
    callNumber++
    const text = `#${callNumber} ${name}(${args.map(describeArg).join(', ')})`
    fs.writeSync(progressFd, text.slice(0, 4000).padEnd(4000), 0)
    let result
    try {
      result = fn(args)
    } catch (err) {
      note(name, 'threw')
      if (!(err instanceof Error)) fail(`${text} threw a non-Error: ${describeArg(err)}`)
      return
    }
    note(name, 'returned')
    if (check) {
      try {
        const problem = check(result, args)
        if (problem) fail(`${text} -> ${describeArg(result)}: ${problem}`)
      } catch (err) {
        fail(`${text}: checking the result threw ${err.message}`)
      }
    }
  }

  const isStringArray = (r) => Array.isArray(r) && r.every((x) => typeof x === 'string')
  const CHECKS = {
    generateSessionId: (r) => !/^[A-Za-z0-9_-]{32}$/.test(r) && 'not 32 base64url characters',
    decisionTable: (r) => !(Buffer.isBuffer(r) && r.length === 1 << 15) && 'not a 32768-byte Buffer',
    decisionInputBitNames: (r) => !(isStringArray(r) && r.length === 15) && 'not 15 names',
    parseCookieHeader: (r) => !(isStringArray(r) && r.length % 2 === 0) && 'not [name, value, …]',
    serializeCookie: (r, a) => (typeof r !== 'string' || /[\r\n\0]/.test(r) || !r.startsWith(a[0] + '=')) && 'not a single header value starting with name=',
    'SessionSigner.sign': (r) => typeof r !== 'string' && 'not a string',
    'SessionSigner.unsign': (r) => !(r === null || typeof r === 'string') && 'not string | null',
    'SessionSigner.readSessionId': (r) => !(typeof r === 'string' || r === 0 || r === 1 || r === 2) && 'not string | 0 | 1 | 2',
    'SessionSigner.sessionCookie': (r, a) => (typeof r !== 'string' || /[\r\n\0]/.test(r) || !r.startsWith(a[0] + '=s%3A')) && 'not a single signed Set-Cookie value',
    sessionMapGet: (r) => !(r === null || typeof r === 'string') && 'not string | null',
    sessionMapGetPacked: (r) => !(r === null || typeof r === 'string') && 'not string | null',
    sessionMapTouch: (r) => typeof r !== 'boolean' && 'not a boolean',
    sessionMapAll: (r) => !(isStringArray(r) && r.length % 2 === 0) && 'not [id, json, …]',
    sessionMapLength: (r) => !(Number.isInteger(r) && r >= 0) && 'not a count',
    'native.serializeCookie': (r, a) => (typeof r !== 'string' || /[\r\n\0]/.test(r)) && 'not a single header value',
    'native.serializeSessionCookie': (r) => (typeof r !== 'string' || /[\r\n\0]/.test(r)) && 'not a single header value'
  }

  // -- targets -------------------------------------------------------------------------

  const targets = []
  for (const [name, value] of Object.entries(binding)) {
    if (typeof value !== 'function') continue
    if (/^[A-Z]/.test(name)) {
      const Class = value
      const spec = CLASSES[name] || { ctor: undefined, methods: {} }
      targets.push({ name: `new ${name}`, run: (args) => new Class(...args), params: spec.ctor, kind: 'ctor' })
      targets.push({ name: `${name}()`, run: (args) => Class(...args), params: spec.ctor, kind: 'call-ctor' })
      const makeInstance = () => new Class(...(spec.ctor || []).map((p) => p === 'secrets' ? ['k', Buffer.from('b')] : ARG[p]()))
      const instance = makeInstance()
      const foreign = name === 'SessionSigner' ? new binding.NativeSessionMap() : new binding.SessionSigner(['x'])
      for (const method of Object.getOwnPropertyNames(value.prototype)) {
        if (method === 'constructor') continue
        const fn = Object.getOwnPropertyDescriptor(value.prototype, method).value
        if (typeof fn !== 'function') continue
        const full = `${name}.${method}`
        targets.push({ name: full, run: (args) => fn.apply(instance, args), params: spec.methods[method], check: CHECKS[full] })
        // The same method on a wrong receiver: another class's instance, a plain object, undefined.
        targets.push({
          name: `${full} (wrong this)`,
          run: (args) => fn.apply(random.pick([{}, undefined, null, 42, 'str', Object.create(value.prototype), foreign]), args),
          params: spec.methods[method]
        })
      }
    } else if (name === 'redisOpen') {
      targets.push({ name, run: (args) => { const h = value(...args); redisHandles.push(h); return h }, params: FUNCTIONS[name] })
    } else {
      targets.push({ name, run: (args) => value(...args), params: FUNCTIONS[name], check: CHECKS[name] })
    }
  }
  for (const [name, params] of Object.entries(WRAPPERS)) {
    const fn = native[name.slice('native.'.length)]
    targets.push({ name, run: (args) => fn(...args), params, check: CHECKS[name] })
  }
  // lib/native.js re-exports: the same functions as the binding's, called through the module.
  for (const [name, value] of Object.entries(native)) {
    if (typeof value === 'function' && !WRAPPERS['native.' + name] && !/^[A-Z]/.test(name)) {
      targets.push({ name: `native.${name}`, run: (args) => value(...args), params: FUNCTIONS[name], check: CHECKS[name] })
    }
  }

  // -- scenarios -----------------------------------------------------------------------

  if (config.scenario === 'targets') {
    process.stdout.write(JSON.stringify({
      functions: Object.keys(binding).filter((k) => typeof binding[k] === 'function'),
      targets: targets.map((t) => t.name)
    }))
    return
  }

  if (config.scenario === 'random') {
    for (let round = 0; round < config.rounds; round++) {
      for (const t of targets) attempt(t.name, t.run, argsFor(t.params), t.check)
    }
  }

  if (config.scenario === 'bytes') {
    // Random bytes, decoded every way a string can reach the binding, into each string slot.
    const decodings = ['latin1', 'utf8', 'utf16le', 'binary', 'hex', 'base64']
    const signer = new binding.SessionSigner(['keyboard cat', Buffer.from([0, 255])])
    const map = new native.SessionMap()
    for (let i = 0; i < config.rounds; i++) {
      const buf = random.buffer(random.pick([4, 64, 512, 4096]))
      const s = buf.toString(random.pick(decodings))
      attempt('parseCookieHeader', ([h]) => binding.parseCookieHeader(h), [s], CHECKS.parseCookieHeader)
      attempt('SessionSigner.readSessionId', ([h, n]) => signer.readSessionId(h, n), [s, random.pick(['connect.sid', s.slice(0, 3)])], CHECKS['SessionSigner.readSessionId'])
      attempt('SessionSigner.unsign', ([v]) => signer.unsign(v), [s], CHECKS['SessionSigner.unsign'])
      attempt('SessionSigner.sign', ([v]) => signer.sign(v), [s], (r) => {
        // Round trip for strings that survive UTF-8 (no lone surrogates).
        if (s.isWellFormed() && signer.unsign(r) !== s) return 'unsign(sign(x)) !== x'
        return false
      })
      attempt('serializeCookie', (a) => binding.serializeCookie(...a), ['sid', s, NaN, NaN, s, s, s, s, random.int(256)], CHECKS.serializeCookie)
      attempt('SessionSigner.sessionCookie', (a) => signer.sessionCookie(...a), ['sid', s, NaN, s, null, null, null, random.int(256)], CHECKS['SessionSigner.sessionCookie'])
      attempt('new SessionSigner', ([secrets]) => new binding.SessionSigner(secrets), [[buf, s]], null)
      attempt('sessionMapSet', (a) => map.set(...a), [s, s, s, randomNumber(), Date.now()], null)
      attempt('sessionMapGet', (a) => map.get(...a), [s, randomNumber()], CHECKS.sessionMapGet)
      attempt('sessionMapGetPacked', (a) => map.getPacked(...a), [s, randomNumber()], CHECKS.sessionMapGetPacked)
      attempt('sessionMapTouch', (a) => map.touch(...a), [s, s, randomNumber(), randomNumber()], CHECKS.sessionMapTouch)
    }
    attempt('sessionMapAll', (a) => map.all(...a), [0], CHECKS.sessionMapAll)
  }

  if (config.scenario === 'huge') {
    // The largest inputs, once each through every string slot.
    const signer = new binding.SessionSigner([HUGE.string1M, HUGE.buffer])
    const map = new native.SessionMap()
    for (const s of [HUGE.string1M, HUGE.string16M, HUGE.cookies, HUGE.surrogates]) {
      attempt('parseCookieHeader', ([h]) => binding.parseCookieHeader(h), [s], CHECKS.parseCookieHeader)
      attempt('SessionSigner.readSessionId', ([h]) => signer.readSessionId(h, 'k19999'), [s], CHECKS['SessionSigner.readSessionId'])
      attempt('SessionSigner.sign', ([v]) => signer.sign(v), [s], CHECKS['SessionSigner.sign'])
      attempt('SessionSigner.unsign', ([v]) => signer.unsign(v), [s], CHECKS['SessionSigner.unsign'])
      attempt('serializeCookie', (a) => binding.serializeCookie(...a), ['sid', s, 1e300, 8.64e15, null, s, null, null, 0xff], null)
      attempt('sessionMapSet', (a) => map.set(...a), [s, s, s, Infinity], null)
      attempt('sessionMapGet', (a) => map.get(...a), [s, 0], CHECKS.sessionMapGet)
      attempt('sessionMapGetPacked', (a) => map.getPacked(...a), [s, 0], CHECKS.sessionMapGetPacked)
    }
    attempt('new SessionSigner', ([a]) => new binding.SessionSigner(a), [HUGE.array], null)
    attempt('sessionMapAll', (a) => map.all(...a), [0], CHECKS.sessionMapAll)
  }

  if (config.scenario === 'array-length') {
    // Arrays whose length is far beyond their contents: the conversion must not trust the
    // length for an allocation (a failed allocation aborts the process).
    for (const length of config.lengths) {
      const holes = ['k']
      holes.length = length
      attempt(`new SessionSigner(array of length ${length})`, ([a]) => new binding.SessionSigner(a), [holes], null)
    }
  }

  // The native objects still work after all of the above.
  const signer = new binding.SessionSigner(['after'])
  if (signer.unsign(signer.sign('ok')) !== 'ok') fail('signer broken after the run')
  const map = new native.SessionMap()
  map.set('id', '{}', '{"a":1}', NaN, Date.now())
  if (map.get('id', Date.now()) !== '{"cookie":{},"a":1}') fail(`map broken after the run: ${map.get('id', Date.now())}`)

  // Closing a Redis connection lets the process exit with commands still due (and closing
  // one twice, or one never opened, is an error, not a crash).
  for (const h of [liveRedis, ...redisHandles, liveRedis, 2 ** 32 - 1]) attempt('redisClose', ([x]) => binding.redisClose(x), [h], null)

  fs.closeSync(progressFd)
  process.stdout.write(JSON.stringify(report))
}

// ---------------------------------------------------------------------------------------
// The parent

function runChild (scenario, rounds, extra = {}) {
  const progressFile = path.join(os.tmpdir(), `native-random-input-${process.pid}-${scenario}.txt`)
  const config = { root: ROOT, scenario, rounds, progressFile, ...extra }
  const child = spawnSync(process.execPath, ['-e', `(${childMain})(${JSON.stringify(config)})`], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DEBUG: '' },
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 64 << 20
  })
  let lastCall = ''
  try { lastCall = fs.readFileSync(progressFile, 'utf8').trim() } catch {}
  try { fs.unlinkSync(progressFile) } catch {}
  const where = `scenario ${scenario}: exit ${child.status}, signal ${child.signal}, error ${child.error && child.error.message}\n` +
    `last call: ${lastCall}\nstderr: ${(child.stderr || '').slice(-3000)}`
  assert.equal(child.error, undefined, where)
  assert.equal(child.signal, null, `the process was killed by a signal (abort?)\n${where}`)
  assert.equal(child.status, 0, where)
  return JSON.parse(child.stdout)
}

describe('native functions survive random input (each scenario in a child process)', () => {
  it('every exported function, constructor and method, and the lib/native.js wrappers, is a target', () => {
    const { functions, targets } = runChild('targets', 0)
    const binding = require('../binding.js')
    const native = require('../lib/native.js')
    for (const name of functions) {
      if (/^[A-Z]/.test(name)) {
        assert.ok(targets.includes(`new ${name}`), name)
        for (const method of Object.getOwnPropertyNames(binding[name].prototype)) {
          if (method !== 'constructor') assert.ok(targets.includes(`${name}.${method}`), `${name}.${method}`)
        }
      } else {
        assert.ok(targets.includes(name), name)
      }
    }
    for (const [name, value] of Object.entries(native)) {
      if (typeof value === 'function' && !/^[A-Z]/.test(name)) assert.ok(targets.includes(`native.${name}`), `native.${name}`)
    }
    // The class native.js re-exports is the binding's own.
    assert.equal(native.SessionSigner, binding.SessionSigner)
    assert.ok(targets.length >= 30, `${targets.length} targets`)
  })

  it('random types and values through every target: each call returns or throws an Error', () => {
    const report = runChild('random', 400)
    assert.deepEqual(report.failures, [], `seed ${report.seed}`)
    const { targets } = runChild('targets', 0)
    for (const name of targets) {
      const entry = report.calls[name]
      assert.ok(entry && entry.calls >= 400, `${name} was called: ${JSON.stringify(entry)}`)
    }
    // Plausible arguments get through (the core ran), random ones are rejected as errors.
    for (const name of ['parseCookieHeader', 'serializeCookie', 'SessionSigner.sign', 'SessionSigner.unsign',
      'SessionSigner.readSessionId', 'SessionSigner.sessionCookie', 'sessionMapGet', 'sessionMapGetPacked', 'sessionMapSet',
      'sessionMapTouch', 'sessionMapAll', 'native.serializeCookie', 'native.serializeSessionCookie', 'new SessionSigner']) {
      assert.ok(report.calls[name].returned > 0, `${name} returned sometimes: ${JSON.stringify(report.calls[name])}`)
      assert.ok(report.calls[name].threw > 0, `${name} threw sometimes: ${JSON.stringify(report.calls[name])}`)
    }
    for (const name of targets.filter((t) => t.endsWith('(wrong this)'))) {
      assert.equal(report.calls[name].returned, 0, `${name} never runs on a foreign receiver: ${JSON.stringify(report.calls[name])}`)
    }
  })

  it('random bytes, decoded as latin1, UTF-8, UTF-16 and more, in every string slot', () => {
    const report = runChild('bytes', 1500)
    assert.deepEqual(report.failures, [], `seed ${report.seed}`)
    assert.ok(report.calls.parseCookieHeader.returned === 1500, JSON.stringify(report.calls.parseCookieHeader))
  })

  it('huge inputs (1 MiB and 16 MiB strings, 20,000 cookies, 256 Ki lone surrogates, 4 MiB Buffer secret, 100,000 secrets)', () => {
    const report = runChild('huge', 1)
    assert.deepEqual(report.failures, [], `seed ${report.seed}`)
    assert.equal(report.calls.parseCookieHeader.returned, 4, JSON.stringify(report.calls))
  })

  it('a secrets array with a huge length but one element (a sparse array) throws instead of aborting', () => {
    // `const a = ['k']; a.length = 2 ** 32 - 1; new SessionSigner(a)`: the array conversion
    // reserves room for `length` elements up front, the allocation fails and Rust aborts.
    const report = runChild('array-length', 0, { lengths: [2, 1 << 20, 2 ** 31, 2 ** 32 - 1] })
    assert.deepEqual(report.failures, [])
    for (const length of [2, 1 << 20, 2 ** 31, 2 ** 32 - 1]) {
      assert.equal(report.calls[`new SessionSigner(array of length ${length})`].threw, 1)
    }
  })

  it('the child harness detects an abort (the test can fail)', () => {
    // A child that aborts must be reported, not mistaken for success.
    const child = spawnSync(process.execPath, ['-e', 'process.abort()'], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS })
    assert.notEqual(child.signal, null)
  })
})
