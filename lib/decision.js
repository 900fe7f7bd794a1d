'use strict'

// The end-of-response decision, made by the Rust core: it exports its whole truth table
// once, and each request looks up its packed state there instead of crossing into native
// code again.

const native = require('./native')

const TABLE = native.decisionTable()
const BIT = Object.freeze(Object.fromEntries(
  native.decisionInputBitNames().map((name, index) => [name, 1 << index])
))

const ACTION_MASK = 0b11
const ACTION = Object.freeze({ NOTHING: 0, DESTROY: 1, SAVE: 2, TOUCH: 3 })
const SET_COOKIE = 0b100

function decide (bits) {
  return TABLE[bits]
}

module.exports = { BIT, ACTION, ACTION_MASK, SET_COOKIE, decide }
