'use strict'

// `concurrency: 'merge'` (expressjs/session#606, #917, #74). Without it, as in express-session,
// the end of a request writes its whole copy of the session, loaded when the request began,
// over whatever the store has by then: of two overlapping requests, the one that ends last
// undoes what the other changed. With it, a request that loaded its session and kept its ID
// writes only the top-level members it changed (set or deleted), onto the session as stored
// at that moment:
//   - the native MemoryStore applies them in one native call;
//   - a store with a `merge(sid, changes, session, callback)` method is handed them, with
//     `changes` = { set: { name: value, … }, unset: [name, …] }, and applies them atomically;
//   - any other store gets the whole session, as without the option.
// An explicit `req.session.save()` merges the same way, and the end of the request then
// merges only what changed after it. A new or regenerated session is written whole.

const debug = require('debug')('express-session')
const Session = require('./session')
const { dataJson } = require('./session-json')

function isObject (value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

// What changed from `loaded` to `data`, two texts of a session without its cookie as
// JSON.stringify made them (lib/session-json.js): the members of `data` whose JSON differs
// from `loaded`'s or that `loaded` lacks, and the names of those `data` lacks. Parsing and
// stringifying a member again gives back its text, so members compare as their JSON.
// Undefined when either is not an object.
function memberChanges (loaded, data) {
  // Without a prototype, a member named __proto__ is a member like any other.
  const set = Object.create(null)
  const unset = []
  // An unchanged session (resave, rolling) has nothing to compare; 123 is '{', an object's text.
  if (loaded === data && data.charCodeAt(0) === 123) return { set, unset }
  const before = JSON.parse(loaded)
  const after = JSON.parse(data)
  if (!isObject(before) || !isObject(after)) return undefined
  for (const name of Object.keys(after)) {
    const value = after[name]
    if (!Object.hasOwn(before, name) || JSON.stringify(before[name]) !== JSON.stringify(value)) set[name] = value
  }
  for (const name of Object.keys(before)) {
    if (!Object.hasOwn(after, name)) unset.push(name)
  }
  return { set, unset }
}

function withMergedWrites (Tracker) {
  return class MergedWritesTracker extends Tracker {
    saveThenEnd (chunk, encoding, data) {
      const sess = this.req.session
      const changes = sess.save === Session.prototype.save ? this.changesToMerge(sess, data) : undefined
      if (changes === undefined) return super.saveThenEnd(chunk, encoding, data)

      debug('saving %s', sess.id)
      this.savedData = data
      return this.mergeThenEnd(chunk, encoding, sess, changes)
    }

    // req.session.save() merges as the end of the request does.
    saveExplicitly (session, callback, data = dataJson(session)) {
      const changes = this.changesToMerge(session, data)
      if (changes === undefined) return super.saveExplicitly(session, callback, data)

      debug('saving %s', session.id)
      this.recordSave(session, data)
      this.settings.store.merge(session.id, changes, session, callback)
    }

    // What the loaded session `session` (whose JSON is `data`) changed since the store last
    // had it from this request: since it was loaded, or since this request last saved it.
    // Undefined when it is not to be merged.
    changesToMerge (session, data) {
      if (!this.canMerge() || !this.wasLoaded || !this.tracks(session) || this.originalId !== session.id) return undefined
      const stored = this.savedData !== undefined && this.writtenId === session.id ? this.savedData : this.originalData
      return memberChanges(stored, data)
    }
  }
}

module.exports = { withMergedWrites, memberChanges }
