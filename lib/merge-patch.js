'use strict'

// A merge's changes ({ set: { name: value, … }, unset: [name, …] }, see concurrency-merge.js)
// as the two object texts the native merges (MemoryStore's, RedisStore's) take: `set` as
// JSON.stringify writes it, and `unset` as `{"name":0,…}`, so that its keys are written as
// JSON.stringify writes keys, which is how the stored session's keys are compared with them.

function namesJson (names) {
  let text = '{'
  for (let i = 0; i < names.length; i++) {
    if (i > 0) text += ','
    text += JSON.stringify(String(names[i])) + ':0'
  }
  return text + '}'
}

// Undefined when `changes` is not an object or its `set` does not stringify to a text.
function patchTexts (changes) {
  if (changes === null || typeof changes !== 'object') return undefined
  const set = changes.set === undefined ? '{}' : JSON.stringify(changes.set)
  if (typeof set !== 'string') return undefined
  const unset = Array.isArray(changes.unset) ? namesJson(changes.unset) : '{}'
  return { set, unset }
}

module.exports = { patchTexts }
