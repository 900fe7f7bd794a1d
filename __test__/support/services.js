'use strict'

// The one place that decides what a test does when an external service (Redis,
// PostgreSQL, a `redis-server` binary) is not there:
//   - with CI=true the test FAILS: CI must provide every service it runs against;
//   - otherwise the test is skipped with a loud message on stderr.
// Connection strings come from REDIS_URL and DATABASE_URL, defaulting to the local services.

const crypto = require('node:crypto')
const { execFileSync } = require('node:child_process')

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const IN_CI = process.env.CI === 'true'
const PROBE_TIMEOUT_MS = 2000

// A name that no other run (or concurrent test file) uses: for key prefixes, tables, dirs.
function uniqueName (label) {
  return `esrs_${label}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
}

function withTimeout (promise, ms, what) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

// Called when `service` cannot be reached. In CI this throws (the test fails); outside CI it
// prints a banner and returns null so that the caller skips.
function unavailable (service, reason) {
  const message = `${service} is not available (${reason && reason.message ? reason.message : reason})`
  if (IN_CI) {
    throw new Error(`${message}; CI=true requires it`)
  }
  process.stderr.write(
    '\n' + '!'.repeat(78) + '\n' +
    `!! SKIPPING: ${message}.\n` +
    '!! These tests are NOT being run. Start the service (or set REDIS_URL / DATABASE_URL);\n' +
    '!! with CI=true a missing service fails the run instead.\n' +
    '!'.repeat(78) + '\n\n'
  )
  return null
}

// Skips the test `t` (outside CI) when `resource` is null; returns true when it did.
function skipIfMissing (t, resource, service) {
  if (resource) return false
  t.skip(`${service} is not available`)
  return true
}

// A connected node-redis client, or null (outside CI) when Redis does not answer.
// `options` are merged into the client options (e.g. socket settings).
async function connectRedis (options = {}) {
  const { createClient } = require('redis')
  const client = createClient({
    url: REDIS_URL,
    ...options,
    socket: { connectTimeout: PROBE_TIMEOUT_MS, reconnectStrategy: false, ...(options.socket || {}) }
  })
  let lastError
  client.on('error', (err) => { lastError = err })
  try {
    await withTimeout(client.connect(), PROBE_TIMEOUT_MS + 500, 'redis connect')
    await withTimeout(client.ping(), PROBE_TIMEOUT_MS, 'redis ping')
  } catch (err) {
    try { client.destroy() } catch (_) {}
    return unavailable(`Redis at ${REDIS_URL}`, lastError || err)
  }
  return client
}

// The keys under `prefix` (sorted), and their removal: how Redis-backed tests look at and
// clean up what they wrote.
async function redisKeys (client, prefix) {
  const keys = []
  for await (const batch of client.scanIterator({ MATCH: prefix + '*', COUNT: 100 })) keys.push(...[].concat(batch))
  return keys.sort()
}

async function deleteRedisKeys (client, prefix) {
  const keys = await redisKeys(client, prefix)
  if (keys.length) await client.del(keys)
}

// A pg Pool that answered `SELECT 1`, or null (outside CI) when PostgreSQL does not answer.
async function connectPostgres (options = {}) {
  const { Pool } = require('pg')
  const pool = new Pool({
    connectionString: DATABASE_URL,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    max: 5,
    ...options
  })
  pool.on('error', () => {})
  try {
    await withTimeout(pool.query('SELECT 1'), PROBE_TIMEOUT_MS + 500, 'postgres query')
  } catch (err) {
    await pool.end().catch(() => {})
    return unavailable(`PostgreSQL at ${DATABASE_URL}`, err)
  }
  return pool
}

// The path of the `redis-server` binary, or null (outside CI) when there is none.
function redisServerBinary () {
  const binary = process.env.REDIS_SERVER_BIN || 'redis-server'
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore', timeout: PROBE_TIMEOUT_MS })
    return binary
  } catch (err) {
    return unavailable(`the ${binary} binary`, err)
  }
}

module.exports = {
  REDIS_URL,
  DATABASE_URL,
  IN_CI,
  uniqueName,
  withTimeout,
  unavailable,
  skipIfMissing,
  connectRedis,
  redisKeys,
  deleteRedisKeys,
  connectPostgres,
  redisServerBinary
}
