'use strict'

// RedisStore's table of operations in flight (lib/redis-store/in-flight.js): each number
// names one waiting callback until it is taken, numbers are reused only once free, and a
// close gets the waiting callbacks in the order their operations started.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { InFlight } = require('../lib/redis-store/in-flight')

const named = (name) => Object.assign(() => name, { label: name })

test('each operation gets its own number; taking it returns its callback once', () => {
  const table = new InFlight()
  const a = table.add(named('a'))
  const b = table.add(named('b'))
  assert.notEqual(a, b)
  assert.equal(table.size, 2)
  assert.equal(table.take(b).label, 'b')
  assert.equal(table.take(b), undefined)
  assert.equal(table.take(12345), undefined)
  assert.equal(table.size, 1)
  assert.equal(table.take(a).label, 'a')
  assert.equal(table.size, 0)
})

test('a number is reused only after it was taken, never while its operation waits', () => {
  const table = new InFlight()
  const waiting = new Set()
  for (let round = 0; round < 50; round++) {
    const seq = table.add(named(`op${round}`))
    assert.ok(!waiting.has(seq), `number ${seq} handed out twice`)
    waiting.add(seq)
    if (round % 3 !== 0) {
      const first = waiting.values().next().value
      waiting.delete(first)
      assert.ok(table.take(first))
    }
  }
  assert.equal(table.size, waiting.size)
})

test('drain returns the waiting callbacks in the order their operations started, and forgets them', () => {
  const table = new InFlight()
  const first = table.add(named('first'))
  table.add(named('second'))
  table.take(first)
  table.add(named('third')) // reuses the first's number
  table.add(named('fourth'))
  assert.deepEqual(table.drain().map((cb) => cb.label), ['second', 'third', 'fourth'])
  assert.equal(table.size, 0)
  assert.deepEqual(table.drain(), [])
})
