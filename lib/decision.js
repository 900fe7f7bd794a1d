'use strict'

// The end-of-response decision, made by the Rust core: it exports its whole truth table
// once, and each request looks up its packed state there instead of crossing into native
// code again.

const native = require('./native')

const TABLE = native.decisionTable()
const BIT = Object.freeze(Object.fromEntries(
  native.decisionInputBitNames().map((name, index) => [name, 1 << index])
))

const { CONSTANTS } = native
const ACTION_MASK = CONSTANTS.actionMask
const ACTION = Object.freeze({
  NOTHING: CONSTANTS.actionNothing,
  DESTROY: CONSTANTS.actionDestroy,
  SAVE: CONSTANTS.actionSave,
  TOUCH: CONSTANTS.actionTouch
})
const SET_COOKIE = CONSTANTS.setCookie

function decide (bits) {
  return TABLE[bits]
}

module.exports = { BIT, ACTION, ACTION_MASK, SET_COOKIE, decide }
