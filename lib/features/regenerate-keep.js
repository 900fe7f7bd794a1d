'use strict'

// `req.session.regenerate({ keep }, cb)`: a new session ID (the old session destroyed, as
// without options) that keeps the visitor's data — all of it (`keep: true`) or the named
// top-level members (`keep: ['cart', 'locale']`). This is the login step that prevents
// session fixation without losing the cart (expressjs/session#425, #560, #1036).
// The cookie is never kept: the new session has a new one. Neither is the creation time
// of `absoluteTimeout`: a regenerated session is a new session.

const { CREATED_AT } = require('./absolute-timeout')

const KEEP_ERROR = 'regenerate option keep must be true, false or an array of member names'

const isEnumerable = Object.prototype.propertyIsEnumerable

function isKeepable (session, name) {
  return name !== 'cookie' && name !== CREATED_AT && isEnumerable.call(session, name)
}

function namesToKeep (session, keep) {
  if (keep === true) return Object.keys(session)
  if (!Array.isArray(keep)) throw new TypeError(KEEP_ERROR)
  for (const name of keep) {
    if (typeof name !== 'string') throw new TypeError(KEEP_ERROR)
  }
  return keep
}

// The members of `session` that `options.keep` asks to keep, as [name, value] pairs, or
// undefined when it asks for none. Throws a TypeError for an option it cannot read.
function membersToKeep (session, options) {
  const keep = options.keep
  if (keep === undefined || keep === false) return undefined
  const kept = []
  for (const name of namesToKeep(session, keep)) {
    if (isKeepable(session, name)) kept.push([name, session[name]])
  }
  return kept
}

function restoreMembers (session, kept) {
  if (session == null) return
  for (const [name, value] of kept) session[name] = value
}

module.exports = { membersToKeep, restoreMembers }
