'use strict'

// The callbacks of a RedisStore's operations in flight, by the number each operation is
// known by on the native side until it is answered.
//
// The number is the index of a free slot in an array, and an answered slot is emptied in
// place. A Map used this way (a set and a delete per operation, thousands a second) made
// every request the server had answered since the last scavenge survive it: scavenges of
// about 45 ms, half the young generation copied each time, a fifth of the server's CPU
// under load (READ over HTTP, Node 24); with the slots, under 1 ms.
class InFlight {
  #callbacks = []
  // The order the operations were started in, for `drain`.
  #started = []
  #freeSlots = []
  #startCount = 0
  #size = 0

  get size () {
    return this.#size
  }

  // Registers `cb`; returns the operation's number.
  add (cb) {
    const slot = this.#freeSlots.length > 0 ? this.#freeSlots.pop() : this.#callbacks.length
    this.#callbacks[slot] = cb
    this.#started[slot] = this.#startCount++
    this.#size++
    return slot
  }

  // The callback registered under `slot`, forgotten; undefined if there is none.
  take (slot) {
    const cb = this.#callbacks[slot]
    if (cb === undefined) return undefined
    this.#callbacks[slot] = undefined
    this.#freeSlots.push(slot)
    this.#size--
    return cb
  }

  // Every callback still waiting, in the order their operations started; forgets them all.
  drain () {
    const waiting = []
    for (let slot = 0; slot < this.#callbacks.length; slot++) {
      if (this.#callbacks[slot] !== undefined) waiting.push([this.#started[slot], this.#callbacks[slot]])
    }
    this.#callbacks = []
    this.#started = []
    this.#freeSlots = []
    this.#size = 0
    return waiting.sort((a, b) => a[0] - b[0]).map(([, cb]) => cb)
  }
}

module.exports = { InFlight }
