'use strict'

// Micro benchmark: the session middleware driven with real IncomingMessage and
// ServerResponse objects and no socket, ns per request, so small changes are visible.
// Usage: node benchmark/micro.js [--requests N] [--rounds R]

const http = require('http')
const { parseArgs } = require('util')
const shapes = require('./shapes')
const implementations = require('./implementations')

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' }
  }
})
const REQUESTS = Number(values.requests)
const ROUNDS = Number(values.rounds)

function request (middleware, handler, cookie) {
  return new Promise((resolve, reject) => {
    const req = new http.IncomingMessage(null)
    req.method = 'GET'
    req.url = '/'
    req.headers = cookie ? { cookie } : {}
    const res = new http.ServerResponse(req)
    res.end = function end () {
      if (!this._header) this.writeHead(this.statusCode)
      resolve(this)
    }
    middleware(req, res, (err) => {
      if (err) return reject(err)
      handler(req, res)
    })
  })
}

function setCookieOf (res) {
  const header = res.getHeader('Set-Cookie')
  return header && header[0].split(';')[0]
}

async function prepare (impl, shape) {
  const middleware = impl.create(shape.options)
  let cookie
  if (shape.needsCookie && impl.name !== 'bare') {
    const res = await request(middleware, shapes.seedHandler)
    cookie = setCookieOf(res)
    if (!cookie) throw new Error(`${impl.name}/${shape.name}: no session cookie to start from`)
  }
  const validate = await shapes.validate(shape, (c) => request(middleware, shape.handler, c), cookie, setCookieOf, impl.name === 'bare')
  return { middleware, cookie, validate }
}

async function measure (impl, shape, prepared) {
  const { middleware, cookie } = prepared
  const start = process.hrtime.bigint()
  for (let i = 0; i < REQUESTS; i++) {
    await request(middleware, shape.handler, cookie)
  }
  return Number(process.hrtime.bigint() - start) / REQUESTS
}

function median (xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

async function main () {
  const impls = implementations.micro()
  const results = new Map()
  const prepared = new Map()
  for (const shape of shapes.all) {
    for (const impl of impls) {
      const key = `${shape.name}|${impl.name}`
      prepared.set(key, await prepare(impl, shape))
      results.set(key, [])
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const shape of shapes.all) {
      for (const impl of impls) {
        const key = `${shape.name}|${impl.name}`
        results.get(key).push(await measure(impl, shape, prepared.get(key)))
      }
    }
  }

  console.log(`node benchmark/micro.js --requests ${REQUESTS} --rounds ${ROUNDS}`)
  console.log('| shape | implementation | ns/request (median, min..max) | added vs bare | ratio of express-session\'s added cost |')
  console.log('|---|---|---:|---:|---:|')
  for (const shape of shapes.all) {
    const bare = median(results.get(`${shape.name}|bare`))
    const original = median(results.get(`${shape.name}|express-session`)) - bare
    for (const impl of impls) {
      const xs = results.get(`${shape.name}|${impl.name}`)
      const m = median(xs)
      const added = m - bare
      const ratio = impl.name === 'bare' ? '' : (added / original).toFixed(2)
      console.log(`| ${shape.name} | ${impl.name} | ${m.toFixed(0)} (${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)}) | ${impl.name === 'bare' ? '' : '+' + added.toFixed(0)} | ${ratio} |`)
    }
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
