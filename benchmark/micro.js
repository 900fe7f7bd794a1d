'use strict'

// Micro benchmark: the session middleware driven with real IncomingMessage and
// ServerResponse objects and no socket, ns per request, so small changes are visible.
// By default the middleware runs inside an Express 4 app, as in production: Express's init
// re-prototypes req and res, after which every property added to them costs microseconds,
// and a harness without it would hide that. `--framework none` calls the middleware bare.
// Usage: node benchmark/micro.js [--requests N] [--rounds R] [--framework express4|express5|none]
//                                [--shapes NEW,READ] [--implementations bare,express-session-rs]
//                                [--node all|26,24|<path>]
// bare-immediate is left out by default: with no socket, when a response is written does not
// matter here.

const http = require('http')
const { parseArgs } = require('util')
const shapes = require('./shapes')
const implementations = require('./implementations')
const { runPerNode } = require('./per-node')

// Before reading the arguments: runPerNode takes --node out of them.
const delegated = runPerNode(__filename)

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '9' },
    framework: { type: 'string', default: 'express4' },
    shapes: { type: 'string', default: shapes.all.map((s) => s.name).join(',') },
    implementations: { type: 'string', default: implementations.all.filter((i) => !i.deferResponse && !i.optional).map((i) => i.name).join(',') }
  }
})
const REQUESTS = Number(values.requests)
const ROUNDS = Number(values.rounds)
const FRAMEWORK = values.framework
const FAKE_SOCKET = { encrypted: false, readableHighWaterMark: 16384 }

// Requests run one at a time; the response's end settles the one in flight. The hook sits
// on a prototype, as the real `end` does, so the middleware finds no own `end` on res.
let settle

function finishingEnd () {
  if (!this._header) this.writeHead(this.statusCode)
  settle(this)
}

class Response extends http.ServerResponse {}
Response.prototype.end = finishingEnd

// The middleware and handler as one request handler: mounted in an Express app, or chained.
function appOf (middleware, handler) {
  if (FRAMEWORK === 'none') {
    return (req, res, done) => middleware(req, res, (err) => (err ? done(err) : handler(req, res)))
  }
  const express = require(FRAMEWORK === 'express5' ? 'express5' : 'express')
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.response.end = finishingEnd
  app.use(middleware)
  app.use(handler)
  return (req, res, done) => app.handle(req, res, done)
}

function request (app, cookie) {
  return new Promise((resolve, reject) => {
    settle = resolve
    // A socket-like object: Express reads req.connection.encrypted for req.protocol.
    const req = new http.IncomingMessage(FAKE_SOCKET)
    req.method = 'GET'
    req.url = '/'
    req.headers = cookie ? { cookie } : {}
    const res = new Response(req)
    app(req, res, (err) => reject(err || new Error('no route handled the request')))
  })
}

function setCookieOf (res) {
  const header = res.getHeader('Set-Cookie')
  return header && header[0].split(';')[0]
}

async function prepare (impl, shape) {
  const middleware = impl.create(shape.options)
  const app = appOf(middleware, shape.handler)
  let cookie
  if (shape.needsCookie && !impl.sessionless) {
    const res = await request(appOf(middleware, shapes.seedHandler))
    cookie = setCookieOf(res)
    if (!cookie) throw new Error(`${impl.name}/${shape.name}: no session cookie to start from`)
  }
  const validate = await shapes.validate(shape, (c) => request(app, c), cookie, setCookieOf, impl.sessionless === true)
  return { app, cookie, validate }
}

async function measure (impl, shape, prepared) {
  const { app, cookie } = prepared
  const start = process.hrtime.bigint()
  for (let i = 0; i < REQUESTS; i++) {
    await request(app, cookie)
  }
  return Number(process.hrtime.bigint() - start) / REQUESTS
}

function median (xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function main () {
  const impls = implementations.all.filter((i) => values.implementations.split(',').includes(i.name))
  const selectedShapes = shapes.all.filter((s) => values.shapes.split(',').includes(s.name))
  const results = new Map()
  const prepared = new Map()
  for (const shape of selectedShapes) {
    for (const impl of impls) {
      const key = `${shape.name}|${impl.name}`
      prepared.set(key, await prepare(impl, shape))
      results.set(key, [])
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const shape of selectedShapes) {
      for (const impl of impls) {
        const key = `${shape.name}|${impl.name}`
        results.get(key).push(await measure(impl, shape, prepared.get(key)))
      }
    }
  }

  console.log(`node benchmark/micro.js --requests ${REQUESTS} --rounds ${ROUNDS} --framework ${FRAMEWORK} --shapes ${values.shapes} --implementations ${values.implementations}`)
  console.log('| shape | implementation | ns/request (median, min..max) | added vs bare | ratio of express-session\'s added cost |')
  console.log('|---|---|---:|---:|---:|')
  for (const shape of selectedShapes) {
    const medianOf = (name) => results.has(`${shape.name}|${name}`) ? median(results.get(`${shape.name}|${name}`)) : NaN
    const bare = medianOf('bare')
    const original = medianOf('express-session') - bare
    for (const impl of impls) {
      const xs = results.get(`${shape.name}|${impl.name}`)
      const m = median(xs)
      const added = m - bare
      const ratio = impl.name === 'bare' ? '' : (added / original).toFixed(2)
      console.log(`| ${shape.name} | ${impl.name} | ${m.toFixed(0)} (${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)}) | ${impl.name === 'bare' ? '' : '+' + added.toFixed(0)} | ${ratio} |`)
    }
  }
}

if (!delegated) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
