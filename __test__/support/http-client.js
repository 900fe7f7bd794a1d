'use strict'

// A small, bounded HTTP client and server helper for the store / fault / concurrency tests:
// every request has a timeout, every server listens on 127.0.0.1 and closes its sockets.

const http = require('node:http')

const DEFAULT_TIMEOUT_MS = 5000

// Starts `handler` (an Express app, a connect app or a plain request listener) on a free
// loopback port. `close()` ends keep-alive sockets too, so the test process can exit.
function listen (handler) {
  const server = http.createServer(handler)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({
        server,
        port,
        origin: `http://127.0.0.1:${port}`,
        close () {
          return new Promise((resolve) => {
            server.close(() => resolve())
            if (server.closeAllConnections) server.closeAllConnections()
          })
        }
      })
    })
  })
}

// One request. Resolves with { status, headers, body (a Buffer), text, json, setCookies } or
// rejects with the socket error, or with an Error whose code is 'ETIMEDOUT' after `timeout` ms.
// A `timeline` (support/http.js) gets 'client headers' and 'client end' noted on it, and the
// count of body bytes received so far.
function request (origin, method, path, { cookie, headers = {}, body, agent, timeout = DEFAULT_TIMEOUT_MS, timeline } = {}) {
  const url = new URL(path, origin)
  const allHeaders = { ...headers }
  if (cookie) allHeaders.cookie = cookie
  let payload
  if (body !== undefined) {
    payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
    allHeaders['content-type'] = allHeaders['content-type'] || 'application/json'
    allHeaders['content-length'] = payload.length
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const finish = (fn, value) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      fn(value)
    }
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method,
      path: url.pathname + url.search,
      headers: allHeaders,
      agent: agent === undefined ? false : agent
    }, (res) => {
      if (timeline) timeline.note('client headers')
      const chunks = []
      res.on('data', (c) => {
        chunks.push(c)
        if (timeline) timeline.bytes += c.length
      })
      res.on('error', (err) => finish(reject, err))
      res.on('aborted', () => finish(reject, Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })))
      res.on('end', () => {
        if (timeline) timeline.note('client end')
        const data = Buffer.concat(chunks)
        const text = data.toString('utf8')
        let json
        try { json = JSON.parse(text) } catch (_) {}
        const setCookie = res.headers['set-cookie']
        finish(resolve, {
          status: res.statusCode,
          headers: res.headers,
          body: data,
          text,
          json,
          setCookies: setCookie === undefined ? [] : [].concat(setCookie)
        })
      })
    })
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`${method} ${path}: no complete response within ${timeout} ms`), { code: 'ETIMEDOUT' })
      finish(reject, err)
      req.destroy(err)
    }, timeout)
    req.on('error', (err) => finish(reject, err))
    req.end(payload)
  })
}

// The `name=value` pair of the cookie `name` in a response's Set-Cookie headers, or undefined.
function cookiePair (response, name = 'connect.sid') {
  for (const header of response.setCookies) {
    const pair = header.split(';', 1)[0]
    if (pair.slice(0, pair.indexOf('=')) === name) return pair
  }
  return undefined
}

// A browser-like user: remembers the session cookie between requests.
function createUser (origin, { name = 'connect.sid', agent, timeout } = {}) {
  const user = {
    cookie: undefined,
    async send (method, path, options = {}) {
      const res = await request(origin, method, path, { cookie: user.cookie, agent, timeout, ...options })
      const pair = cookiePair(res, name)
      if (pair !== undefined) user.cookie = pair
      return res
    },
    get (path, options) { return user.send('GET', path, options) },
    post (path, options) { return user.send('POST', path, options) }
  }
  return user
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

module.exports = { listen, request, cookiePair, createUser, sleep, DEFAULT_TIMEOUT_MS }
