'use strict'

// One benchmark server: `node benchmark/server.js <express4|express5> <implementation> <shape>`.
// Listens on a free 127.0.0.1 port and prints it; `/seed` hands out a session cookie.

const shapes = require('./shapes')
const implementations = require('./implementations')

const [framework, implName, shapeName] = process.argv.slice(2)
const express = require(framework === 'express5' ? 'express5' : 'express')
const impl = implementations.byName(implName)
const shape = shapes.all.find((s) => s.name === shapeName)
if (!impl || !shape) {
  console.error('usage: node benchmark/server.js <express4|express5> <implementation> <shape>')
  process.exit(2)
}

const app = express()
app.disable('x-powered-by')
app.disable('etag')
app.use(impl.create(shape.options))
app.get('/seed', shapes.seedHandler)
app.get('/', impl.deferResponse ? (req, res) => setImmediate(shape.handler, req, res) : shape.handler)

const server = app.listen(0, '127.0.0.1', () => {
  console.log(String(server.address().port))
})
process.on('SIGTERM', async () => {
  // Stores outside the process (Redis) are emptied of this server's sessions first.
  try {
    if (impl.close) await impl.close()
  } finally {
    process.exit(0)
  }
})
