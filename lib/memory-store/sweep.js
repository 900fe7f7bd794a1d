'use strict'

// The periodic sweep that removes expired sessions. A pass runs in slices, each a separate
// macrotask (an unref'd 0 ms timeout: unlike an unref'd immediate, it wakes an idle loop),
// until it has gone over every session and given back what memory it can. The native sweep
// does about `budget` units of work a slice (a unit is about a nanosecond: examining a
// session costs 4, removing one 400); the budget adapts so that a slice takes about
// SLICE_TARGET_MS.

const SLICE_TARGET_MS = 0.2
const MIN_BUDGET = 2000
const MAX_BUDGET = 250000
const INITIAL_BUDGET = 50000

class Sweep {
  constructor (map, checkPeriod) {
    this.map = map
    this.checkPeriod = checkPeriod
    this.timer = undefined
    this.sweeping = false
    // the timeout of the next slice of the pass in progress
    this.slice = undefined
    this.budget = INITIAL_BUDGET
  }

  // (Re)starts the passes, one every `checkPeriod` ms. The timer keeps neither the process
  // nor the store alive: once nothing else references this sweep, its timer stops.
  start () {
    this.stop()
    if (!(this.checkPeriod > 0)) return
    const ref = new WeakRef(this)
    const timer = setInterval(function sweepTick () {
      const sweep = ref.deref()
      if (sweep === undefined || sweep.timer !== timer) {
        clearInterval(timer)
        return
      }
      sweep.startPass()
    }, this.checkPeriod)
    if (timer && typeof timer.unref === 'function') timer.unref()
    this.timer = timer
  }

  // Stops the passes, and the one in progress if any.
  stop () {
    if (this.timer !== undefined) clearInterval(this.timer)
    if (this.slice !== undefined) clearTimeout(this.slice)
    this.timer = undefined
    this.slice = undefined
    this.sweeping = false
  }

  startPass () {
    if (this.sweeping) return
    this.sweeping = true
    this.runSlice()
  }

  runSlice () {
    this.slice = undefined
    const started = performance.now()
    let done = true
    try {
      done = this.map.sweep(Date.now(), this.budget)
    } finally {
      const spent = performance.now() - started
      const ratio = spent > 0 ? SLICE_TARGET_MS / spent : 2
      const budget = Math.floor(this.budget * Math.min(2, Math.max(0.5, ratio)))
      this.budget = Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, budget))
      if (done) this.sweeping = false
    }
    if (!done) {
      const next = setTimeout(runSlice, 0, this)
      if (next && typeof next.unref === 'function') next.unref()
      this.slice = next
    }
  }
}

function runSlice (sweep) {
  sweep.runSlice()
}

module.exports = { Sweep }
