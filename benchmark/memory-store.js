'use strict'

// The native MemoryStore next to express-session's MemoryStore and memorystore, in one
// run: memory per session, churn, sweep pauses, and store operations through the JS API.
//
//   node benchmark/memory-store.js            everything (about 4-6 minutes)
//   node benchmark/memory-store.js --quick    smaller sizes, for a smoke run
//   node benchmark/memory-store.js --node all once per Node version (see per-node.js)
//
// Memory, churn and sweep measurements each run in a fresh child process (this script
// with --child=...), so that one does not inherit another's heap. Not part of npm test.

const { execFileSync, spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { monitorEventLoopDelay } = require('node:perf_hooks')

const ROOT = path.join(__dirname, '..')
const delegated = require('./per-node').runPerNode(__filename)
const QUICK = process.argv.includes('--quick')
const CHILD = (process.argv.find((a) => a.startsWith('--child=')) || '').slice(8)
// --only=memory|churn|sweep|ops runs one section.
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7)
const runs = (section) => ONLY === '' || ONLY === section

const ours = require(ROOT)
const expressSession = require('express-session')
const Memorystore = require('memorystore')(expressSession)
const { nativeMapOf } = require(path.join(ROOT, 'lib/memory-store'))

const STORES = {
  'express-session': { lib: expressSession, make: (o) => new expressSession.MemoryStore(o) },
  memorystore: { lib: expressSession, make: (o) => new Memorystore({ checkPeriod: 3600000, ...o }) },
  ours: { lib: ours, make: (o) => new ours.MemoryStore(o) }
}

// ---- sessions as the middleware hands them to a store ----

// A uid-safe style ID (24 random bytes, base64url), from one pool of random bytes.
function idMaker () {
  let pool = Buffer.alloc(0)
  let at = 0
  return function nextId () {
    if (at + 24 > pool.length) {
      pool = crypto.randomBytes(24 * 4096)
      at = 0
    }
    at += 24
    return pool.toString('base64url', at - 24, at)
  }
}

// The typical session: {"cookie":{"originalMaxAge":…,"expires":"…","httpOnly":true,
// "path":"/"},"views":1,"user":{"id":…,"name":…}}
function typicalSession (lib, i, maxAge = 86400000) {
  const sess = new lib.Session({ sessionID: 'x' })
  sess.cookie = new lib.Cookie({ maxAge })
  sess.views = 1
  sess.user = { id: i, name: 'user' + i }
  return sess
}

function gc () {
  for (let i = 0; i < 4; i++) global.gc()
}

function mb (bytes) {
  return (bytes / 1048576).toFixed(1)
}

// ---- child tasks ----

// Memory of N sessions in a fresh process: RSS and V8 heap per session, from an empty
// store and beyond the first 50,000 (the brief's measure: it leaves out V8 and allocator
// start-up effects).
function childMemory ({ store: name, n }) {
  const { lib, make } = STORES[name]
  const store = make({})
  const nextId = idMaker()
  // Warm-up: the same allocation pattern, not stored, so that V8's young generation has
  // grown before the baseline (every store gets the same).
  for (let i = 0; i < 100000; i++) JSON.stringify(typicalSession(lib, i))
  gc()
  const base = process.memoryUsage()
  let at50k = base
  let jsonChars = 0
  for (let i = 0; i < n; i++) {
    const sess = typicalSession(lib, i)
    if (i < 1000) jsonChars += JSON.stringify(sess).length
    store.set(nextId(), sess)
    if (i + 1 === 50000) {
      gc()
      at50k = process.memoryUsage()
    }
  }
  gc()
  const end = process.memoryUsage()
  const beyond = n - 50000
  return {
    jsonChars: jsonChars / Math.min(n, 1000),
    rss: (end.rss - base.rss) / n,
    rssBeyond50k: (end.rss - at50k.rss) / beyond,
    heap: (end.heapUsed - base.heapUsed) / n,
    heapBeyond50k: (end.heapUsed - at50k.heapUsed) / beyond,
    native: store.stats ? store.stats().heapBytes / n : null
  }
}

// Five cycles of a million sessions with a 1 s maxAge, created 20,000 per macrotask (so
// that the sweep runs between them), then left to expire and be swept. A warm-up first
// (the same allocations, not stored) lets V8 size its heap for this allocation rate, as
// in the memory measurement: what is compared is then the store's own footprint.
async function childChurn ({ n, cycles }) {
  const store = new ours.MemoryStore({ checkPeriod: 250 })
  const nextId = idMaker()
  const results = []
  for (let i = 0; i < n; i++) [JSON.stringify(typicalSession(ours, i, 1000)), nextId()].join('')
  gc()
  for (let cycle = 0; cycle < cycles; cycle++) {
    let peak = 0
    const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 50)
    const started = Date.now()
    for (let i = 0; i < n; i += 20000) {
      for (let j = i; j < Math.min(n, i + 20000); j++) store.set(nextId(), typicalSession(ours, j, 1000))
      peak = Math.max(peak, process.memoryUsage().rss)
      await new Promise((resolve) => setImmediate(resolve))
    }
    const created = Date.now()
    while (store.stats().sessions > 0 && Date.now() - created < 60000) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    clearInterval(sample)
    peak = Math.max(peak, process.memoryUsage().rss)
    results.push({
      cycle: cycle + 1,
      createMs: created - started,
      emptyAfterMs: Date.now() - created,
      left: store.stats().sessions,
      expirations: store.stats().expirations,
      peakRss: peak,
      endRss: process.memoryUsage().rss,
      v8Heap: process.memoryUsage().heapTotal,
      nativeHeap: store.stats().heapBytes
    })
  }
  return results
}

// The sweep of a store of N sessions, half of them expired: how long each slice blocks
// (timed around the native call) and the event loop delay meanwhile, next to the same
// process idling (the machine's own noise).
async function childSweep ({ n }) {
  const idle = monitorEventLoopDelay({ resolution: 1 })
  idle.enable()
  await new Promise((resolve) => setTimeout(resolve, 2000))
  idle.disable()

  const store = new ours.MemoryStore({ checkPeriod: 100 })
  store.stopInterval()
  const map = nativeMapOf(store)
  const nextId = idMaker()
  const t0 = Date.now()
  for (let i = 0; i < n; i++) {
    const sess = typicalSession(ours, i, i % 2 ? 100 : 3600000)
    store.set(nextId(), sess)
  }
  const filled = Date.now()
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + 150 - filled)))
  gc()
  const slices = []
  // CPU time beside wall time: a slice whose wall time is far above its CPU time was
  // descheduled by the machine, not working.
  const sliceCpu = []
  const sweep = map.sweep
  map.sweep = function timedSweep (now, budget) {
    const cpu = process.cpuUsage()
    const started = process.hrtime.bigint()
    const done = sweep.call(this, now, budget)
    slices.push(Number(process.hrtime.bigint() - started) / 1e6)
    const used = process.cpuUsage(cpu)
    sliceCpu.push((used.user + used.system) / 1000)
    return done
  }
  const busy = monitorEventLoopDelay({ resolution: 1 })
  busy.enable()
  store.startInterval()
  const before = store.stats().sessions
  while (store.stats().sessions > before - n / 2 && slices.length < 1e6) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  // The rest of the pass (memory release) too.
  await new Promise((resolve) => setTimeout(resolve, 500))
  busy.disable()
  store.stopInterval()
  const sorted = slices.slice().sort((a, b) => a - b)
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
  const ms = (h, p) => h.percentile(p) / 1e6
  return {
    removed: before - store.stats().sessions,
    slices: slices.length,
    sliceMs: { p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1], over1ms: slices.filter((s) => s > 1).length },
    // The slices over 1 ms of wall time: [wall ms, CPU ms] each.
    longSlices: slices.map((s, i) => [s, sliceCpu[i]]).filter(([s]) => s > 1),
    cpuMaxMs: Math.max(...sliceCpu),
    eld: { p50: ms(busy, 50), p99: ms(busy, 99), max: busy.max / 1e6 },
    idleEld: { p50: ms(idle, 50), p99: ms(idle, 99), max: idle.max / 1e6 }
  }
}

function runChild (task, args, timeoutMs) {
  const result = spawnSync(process.execPath, ['--expose-gc', __filename, `--child=${task}`, JSON.stringify(args)], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024
  })
  if (result.status !== 0) {
    throw new Error(`child ${task} ${JSON.stringify(args)} failed (${result.status} ${result.signal}): ${result.stderr}`)
  }
  return JSON.parse(result.stdout.trim().split('\n').pop())
}

// ---- operations through the JS API ----

// ns per operation: `batches` of `batch` concurrent calls, each completing through its
// callback; best of `rounds`.
async function opsPerSecond (store, lib, n, kind, { batch = 1000, batches, rounds = 5 }) {
  const sessions = []
  for (let i = 0; i < batch; i++) sessions.push(typicalSession(lib, i))
  const ids = store.benchmarkIds
  const picks = new Array(batch * batches)
  for (let i = 0; i < picks.length; i++) picks[i] = ids[(Math.random() * n) | 0]
  let best = Infinity
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint()
    for (let b = 0; b < batches; b++) {
      await new Promise((resolve) => {
        let left = batch * (kind === 'get+touch' || kind === 'get+set' ? 2 : 1)
        const done = () => { if (--left === 0) resolve() }
        const base = b * batch
        for (let i = 0; i < batch; i++) {
          const id = picks[base + i]
          if (kind === 'get') store.get(id, done)
          else if (kind === 'set') store.set(id, sessions[i], done)
          else if (kind === 'touch') store.touch(id, sessions[i], done)
          else {
            store.get(id, done)
            if (kind === 'get+touch') store.touch(id, sessions[i], done)
            else store.set(id, sessions[i], done)
          }
        }
      })
    }
    best = Math.min(best, Number(process.hrtime.bigint() - started) / (batch * batches))
  }
  return best
}

async function benchOps (sizes) {
  const kinds = ['get', 'set', 'touch', 'get+touch', 'get+set']
  const rows = []
  for (const n of sizes) {
    const stores = {}
    const nextId = idMaker()
    const ids = []
    for (let i = 0; i < n; i++) ids.push(nextId())
    for (const [name, { lib, make }] of Object.entries(STORES)) {
      const store = make({})
      for (let i = 0; i < n; i++) store.set(ids[i], typicalSession(lib, i))
      store.benchmarkIds = ids
      stores[name] = { store, lib }
    }
    await new Promise((resolve) => setImmediate(resolve))
    for (const kind of kinds) {
      const result = {}
      // Interleaved, three times, best kept: the machine's noise hits every store alike.
      for (let pass = 0; pass < 3; pass++) {
        for (const [name, { store, lib }] of Object.entries(stores)) {
          const ns = await opsPerSecond(store, lib, n, kind, { batches: QUICK ? 20 : 100, rounds: QUICK ? 2 : 3 })
          result[name] = Math.min(result[name] || Infinity, ns)
        }
      }
      rows.push({ n, kind, ...result })
    }
    for (const { store } of Object.values(stores)) if (store.stopInterval) store.stopInterval()
  }
  return rows
}

// ---- report ----

function table (header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padStart(widths[i])).join(' | ') + ' |'
  console.log(line(header))
  console.log('|' + widths.map((w) => '-'.repeat(w + 1) + ':').join('|') + '|')
  for (const row of rows) console.log(line(row))
  console.log()
}

function machine () {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.cpus()[0].model
  let nproc
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim()
  } catch {
    nproc = String(os.cpus().length)
  }
  return { cpu, nproc, node: process.version, load: os.loadavg().map((l) => l.toFixed(2)).join(' ') }
}

async function main () {
  const started = Date.now()
  const m = machine()
  console.log('# MemoryStore benchmark\n')
  console.log(`command: node benchmark/memory-store.js${QUICK ? ' --quick' : ''}${ONLY ? ' --only=' + ONLY : ''}`)
  console.log(`machine: nproc ${m.nproc}, ${m.cpu}, node ${m.node}, load average at start ${m.load}`)
  console.log(`stores: express-session ${require('express-session/package.json').version} MemoryStore, ` +
    `memorystore ${require('memorystore/package.json').version} (checkPeriod 1 h), ours (defaults)\n`)

  const sizes = QUICK ? [20000, 100000] : [100000, 1000000]
  const rows = []
  const f = (x) => x.toFixed(3)
  if (runs('memory')) {
    console.log('## Memory per session (fresh child process per row; after GC)\n')
    const memRows = []
    for (const n of sizes) {
      for (const name of Object.keys(STORES)) {
        const r = runChild('memory', { store: name, n }, 300000)
        memRows.push([name, n.toLocaleString('en'), r.jsonChars.toFixed(0), r.rss.toFixed(0), r.rssBeyond50k.toFixed(0),
          r.heap.toFixed(0), r.native === null ? '-' : r.native.toFixed(0)])
        if (name === 'ours') {
          const worst = Math.max(r.rss, r.rssBeyond50k)
          rows.push([`RSS per typical session at ${n.toLocaleString('en')} <= 250 B`, `${worst.toFixed(0)} B`, worst <= 250 ? 'met' : 'MISSED'])
        }
      }
    }
    table(['store', 'sessions', 'JSON chars', 'RSS B/session', 'RSS B/session beyond 50k', 'V8 heap B/session', 'native B/session'], memRows)
  }

  if (runs('churn')) {
    const churnN = QUICK ? 200000 : 1000000
    console.log(`## Churn (ours): 5 cycles of ${churnN.toLocaleString('en')} sessions with a 1 s maxAge, checkPeriod 250 ms\n`)
    const churn = runChild('churn', { n: churnN, cycles: 5 }, 600000)
    table(['cycle', 'create ms', 'empty after ms', 'left', 'expirations', 'peak RSS MB', 'end RSS MB', 'V8 heap MB at end', 'native MB at end'],
      churn.map((c) => [c.cycle, c.createMs, c.emptyAfterMs, c.left, c.expirations, mb(c.peakRss), mb(c.endRss), mb(c.v8Heap), mb(c.nativeHeap)]))
    const firstPeak = churn[0].peakRss
    const worstPeak = Math.max(...churn.map((c) => c.peakRss))
    console.log(`largest peak / first peak: ${(worstPeak / firstPeak).toFixed(3)}\n`)
    const emptied = churn.every((c) => c.left === 0)
    rows.push(['churn: each cycle ends empty', emptied ? 'yes' : 'no', emptied ? 'met' : 'MISSED'])
    rows.push(['churn: peak RSS within 10% of the first cycle\'s', (worstPeak / firstPeak).toFixed(3), worstPeak <= firstPeak * 1.1 ? 'met' : 'MISSED'])
  }

  if (runs('sweep')) {
    const sweepN = QUICK ? 200000 : 1000000
    console.log(`## Sweep pauses (ours): ${sweepN.toLocaleString('en')} sessions, half expired\n`)
    const sweep = runChild('sweep', { n: sweepN }, 300000)
    table(['measure', 'p50 ms', 'p99 ms', 'max ms', 'slices over 1 ms'], [
      [`sweep slices (${sweep.slices}, removed ${sweep.removed})`, f(sweep.sliceMs.p50), f(sweep.sliceMs.p99), f(sweep.sliceMs.max), sweep.sliceMs.over1ms],
      ['event loop delay during the sweep (1 ms sampling interval included)', f(sweep.eld.p50), f(sweep.eld.p99), f(sweep.eld.max), '-'],
      ['event loop delay, same process idle (the machine\'s noise)', f(sweep.idleEld.p50), f(sweep.idleEld.p99), f(sweep.idleEld.max), '-']
    ])
    const long = sweep.longSlices.map(([wall, cpu]) => `${f(wall)} ms wall / ${f(cpu)} ms CPU`).join('; ')
    if (long) console.log(`slices over 1 ms of wall time: ${long}\n`)
    // A slice blocks the event loop for the CPU time it works; wall time beyond that is
    // the machine running something else (the idle row shows such stalls without us).
    const descheduled = sweep.longSlices.filter(([, cpu]) => cpu <= 1).length
    rows.push(['sweep slice <= 1 ms of work (CPU time)', `max ${f(sweep.cpuMaxMs)} ms CPU; wall max ${f(sweep.sliceMs.max)} ms, ` +
      `${sweep.sliceMs.over1ms} over 1 ms (${descheduled} of them descheduled)`, sweep.cpuMaxMs <= 1 ? 'met' : 'MISSED'])
  }

  if (runs('ops')) {
    const opSizes = QUICK ? [10000] : [10000, 100000]
    console.log('## Store operations through the JS API (callbacks; batches of 1,000 concurrent calls; random IDs)\n')
    const ops = await benchOps(opSizes)
    table(['sessions', 'operation', 'express-session ns/op', 'memorystore ns/op', 'ours ns/op', 'ours ops/s', 'x express-session', 'x memorystore'],
      ops.map((r) => [r.n.toLocaleString('en'), r.kind, r['express-session'].toFixed(0), r.memorystore.toFixed(0), r.ours.toFixed(0),
        Math.round(1e9 / r.ours).toLocaleString('en'), (r['express-session'] / r.ours).toFixed(2), (r.memorystore / r.ours).toFixed(2)]))
    for (const r of ops) {
      const ratio = Math.min(r['express-session'], r.memorystore) / r.ours
      rows.push([`${r.kind} at ${r.n.toLocaleString('en')}: >= 2x both`, `${ratio.toFixed(2)}x`, ratio >= 2 ? 'met' : 'MISSED'])
    }
  }

  console.log('## Targets\n')
  table(['target', 'measured', ''], rows)
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

if (delegated) {
  // Each Node version's run has printed its own report.
} else if (CHILD) {
  const args = JSON.parse(process.argv[process.argv.length - 1])
  const tasks = { memory: childMemory, churn: childChurn, sweep: childSweep }
  Promise.resolve(tasks[CHILD](args)).then((result) => {
    console.log(JSON.stringify(result))
    process.exit(0)
  })
} else {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
