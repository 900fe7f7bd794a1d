'use strict'

// What JavaScript made of something the native map names by serial number (a cookie
// template), for the serials seen last. The native side never
// reuses a serial, so an entry never goes stale; past `max` entries the cache starts over.

class SerialCache {
  // `load(source, serial)`: the value, or undefined when the native side no longer knows
  // the serial (nothing is kept then).
  constructor (max, load) {
    this.max = max
    this.load = load
    this.entries = new Map()
  }

  get (serial, source) {
    let value = this.entries.get(serial)
    if (value === undefined) {
      value = this.load(source, serial)
      if (value === undefined) return undefined
      if (this.entries.size >= this.max) this.entries.clear()
      this.entries.set(serial, value)
    }
    return value
  }
}

module.exports = { SerialCache }
