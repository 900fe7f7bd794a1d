'use strict'

/*
 * Helpers for running one HTTP scenario on express-session and on ours and comparing what
 * a client sees, down to the order of events.
 *
 *   sideBySide(scenario)  runs `scenario(session, label)` for express-session, then for ours
 *                         (one after the other); resolves with { theirs, ours }.
 *   serve(app, fn)        listens on 127.0.0.1, resolves with fn(origin), always closes.
 *   createTimeline()      an ordered event log shared by a store and a client:
 *                         note(name) records { name, bytes } where bytes is how much of the
 *                         response body the client had received at that moment;
 *                         names() lists the event names in order; find(name) the entry.
 *                         http-client.js's request() notes the client's events on it.
 */

const { implementations } = require('./apps')
const { listen } = require('./http-client')

async function sideBySide (scenario) {
  const theirs = await scenario(implementations.theirs, 'express-session')
  const ours = await scenario(implementations.ours, 'express-session-rs')
  return { theirs, ours }
}

async function serve (app, fn) {
  const server = await listen(app)
  try {
    return await fn(server.origin)
  } finally {
    await server.close()
  }
}

function createTimeline () {
  const entries = []
  return {
    entries,
    bytes: 0,
    note (name) {
      entries.push({ name, bytes: this.bytes })
    },
    names () {
      return entries.map((entry) => entry.name)
    },
    find (name) {
      return entries.find((entry) => entry.name === name)
    }
  }
}

module.exports = { sideBySide, serve, createTimeline }
