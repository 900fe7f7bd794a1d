'use strict'

// The native store's merge (see ../concurrency-merge.js): a request's changed top-level
// members, and its cookie, applied onto the session as stored, in one native call.

const { writeSession, isSplittable, storedExpiry } = require('./packed-text')

// `{"name":0,…}`: the names as the keys of an object text, written as JSON.stringify writes
// keys, which is how the map compares them with the stored session's.
function namesJson (names) {
  let text = '{'
  for (let i = 0; i < names.length; i++) {
    if (i > 0) text += ','
    text += JSON.stringify(String(names[i])) + ':0'
  }
  return text + '}'
}

// `changes`: { set: { name: value, … }, unset: [name, …] }. With no stored session to merge
// onto (or a session that is not stored as cookie and members), `session` is stored whole,
// as set stores it.
function mergeSession (map, templates, id, session, changes) {
  if (isSplittable(session) && changes !== null && typeof changes === 'object') {
    const set = changes.set === undefined ? '{}' : JSON.stringify(changes.set)
    const unset = Array.isArray(changes.unset) ? namesJson(changes.unset) : '{}'
    const cookie = session.cookie
    if (typeof set === 'string' && map.merge(id, JSON.stringify(cookie), set, unset, storedExpiry(cookie), Date.now())) return
  }
  writeSession(map, templates, id, session)
}

module.exports = { mergeSession }
