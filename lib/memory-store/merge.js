'use strict'

// The native store's merge (see ../concurrency-merge.js): a request's changed top-level
// members, and its cookie, applied onto the session as stored, in one native call.

const { writeSession, storedExpiry } = require('./packed-text')
const { isSplittable } = require('../session-json')
const { patchTexts } = require('../merge-patch')

// `changes`: { set: { name: value, … }, unset: [name, …] }. With no stored session to merge
// onto (or a session that is not stored as cookie and members), `session` is stored whole,
// as set stores it.
function mergeSession (map, templates, id, session, changes) {
  const patch = isSplittable(session) ? patchTexts(changes) : undefined
  if (patch !== undefined) {
    const cookie = session.cookie
    if (map.merge(id, JSON.stringify(cookie), patch.set, patch.unset, storedExpiry(cookie), Date.now())) return
  }
  writeSession(map, templates, id, session)
}

module.exports = { mergeSession }
