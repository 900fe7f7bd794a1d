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
 *   observe(origin, method, path, { cookie, timeline })
 *                         a raw http.request that notes 'client headers' and 'client end' on
 *                         the timeline; resolves with { status, headers, body (Buffer) }.
 *                         Rejects after 5 s.
 */

const http = require('node:http')
const { implementations } = require('./apps')
const { listen } = require('./http-client')

const TIMEOUT_MS = 5000

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

function observe (origin, method, path, { cookie, timeline = createTimeline() } = {}) {
  const url = new URL(path, origin)
  const headers = cookie ? { cookie } : {}
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method,
      path: url.pathname + url.search,
      headers,
      agent: false
    }, (res) => {
      timeline.note('client headers')
      const chunks = []
      res.on('data', (chunk) => {
        chunks.push(chunk)
        timeline.bytes += chunk.length
      })
      res.on('error', fail)
      res.on('end', () => {
        timeline.note('client end')
        clearTimeout(timer)
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) })
      })
    })
    const timer = setTimeout(() => {
      const err = new Error(`${method} ${path}: no complete response within ${TIMEOUT_MS} ms`)
      fail(err)
      req.destroy(err)
    }, TIMEOUT_MS)
    function fail (err) {
      clearTimeout(timer)
      reject(err)
    }
    req.on('error', fail)
    req.end()
  })
}

module.exports = { sideBySide, serve, createTimeline, observe }
