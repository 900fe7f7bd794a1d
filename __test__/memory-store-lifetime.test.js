'use strict'

// A native session map lives in its thread's table until the JavaScript object owning it
// is collected; then its memory and its handle are freed, and a freed handle names no map.

const assert = require('node:assert')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { describe, it } = require('node:test')

const ROOT = path.join(__dirname, '..')

function runChild (body) {
  const script = `
    const binding = require(${JSON.stringify(path.join(ROOT, 'binding.js'))})
    const session = require(${JSON.stringify(ROOT)})
    const { nativeMapOf } = require(${JSON.stringify(path.join(ROOT, 'lib', 'memory-store'))})
    const settle = () => new Promise((resolve) => setImmediate(resolve))
    ;(async () => { ${body} })().then((out) => process.stdout.write(JSON.stringify(out)), (err) => { console.error(err); process.exit(1) })`
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }))
}

describe('native session map lifetime', () => {
  it('frees a collected store\'s map, whose handle then names no map until reused', () => {
    const out = runChild(`
      let store = new session.MemoryStore({ checkPeriod: 0 })
      store.set('a', { cookie: new session.Cookie(), n: 1 })
      const handle = nativeMapOf(store).handle
      const before = binding.sessionMapGet(handle, 'a', Date.now())
      store = undefined
      for (let i = 0; i < 5; i++) { global.gc(); await settle() }
      let error = null
      try { binding.sessionMapGet(handle, 'a', Date.now()) } catch (err) { error = err.message }
      const next = new session.MemoryStore({ checkPeriod: 0 })
      return { before, error, reused: nativeMapOf(next).handle === handle, empty: binding.sessionMapGet(handle, 'a', Date.now()) }
    `)
    assert.strictEqual(JSON.parse(out.before).n, 1)
    assert.strictEqual(out.error, 'no such session map')
    assert.deepStrictEqual([out.reused, out.empty], [true, null])
  })

  it('keeps every live store\'s map apart', () => {
    const out = runChild(`
      const stores = Array.from({ length: 50 }, () => new session.MemoryStore({ checkPeriod: 0 }))
      stores.forEach((store, i) => store.set('same-id', { cookie: new session.Cookie(), i }))
      global.gc()
      await settle()
      return stores.map((store) => JSON.parse(nativeMapOf(store).get('same-id', Date.now())).i)
    `)
    assert.deepStrictEqual(out, Array.from({ length: 50 }, (_, i) => i))
  })
})
