'use strict'

// RedisStore's options, checked once: connect-redis 9's names where it has them (prefix, ttl,
// disableTTL, disableTouch, scanCount, serializer) and the connection's own.

const DEFAULT_URL = 'redis://127.0.0.1:6379'
const DEFAULTS = Object.freeze({
  prefix: 'sess:',
  ttl: 86400,
  scanCount: 100,
  commandTimeout: 5000,
  connectTimeout: 5000,
  maxQueue: 10000,
  reconnectMinDelay: 100,
  reconnectMaxDelay: 5000
})

function positive (options, name) {
  const value = options[name]
  if (value === undefined || value === null) return DEFAULTS[name]
  if (typeof value !== 'number' || !(value > 0)) {
    throw new TypeError(`RedisStore option ${name} must be a positive number`)
  }
  return value
}

function pem (value, name) {
  if (value === undefined || value === null) return null
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  if (typeof value === 'string') return value
  throw new TypeError(`RedisStore option tls.${name} must be a PEM string or Buffer`)
}

function readTls (tls) {
  if (tls === undefined || tls === null) return { ca: null, cert: null, key: null }
  if (typeof tls !== 'object') throw new TypeError('RedisStore option tls must be an object')
  const read = { ca: pem(tls.ca, 'ca'), cert: pem(tls.cert, 'cert'), key: pem(tls.key, 'key') }
  if ((read.cert === null) !== (read.key === null)) {
    throw new TypeError('RedisStore options tls.cert and tls.key go together')
  }
  return read
}

function readTargets (options) {
  if (options.client !== undefined) {
    throw new TypeError('RedisStore connects by itself: pass `url` (or `nodes` for a Cluster), not a `client`')
  }
  if (options.nodes !== undefined && options.nodes !== null) {
    if (options.url !== undefined) throw new TypeError('RedisStore takes `url` or `nodes`, not both')
    if (!Array.isArray(options.nodes) || options.nodes.length === 0 || !options.nodes.every((n) => typeof n === 'string')) {
      throw new TypeError('RedisStore option nodes must be a non-empty array of redis:// URLs')
    }
    return { urls: options.nodes.slice(), cluster: true }
  }
  const url = options.url === undefined || options.url === null ? DEFAULT_URL : options.url
  if (typeof url !== 'string') throw new TypeError('RedisStore option url must be a string')
  return { urls: [url], cluster: false }
}

function readTtl (ttl) {
  // connect-redis: `opts.ttl || 86400`, a number of seconds or a function of the session.
  if (!ttl) return DEFAULTS.ttl
  if (typeof ttl === 'function') return ttl
  if (typeof ttl !== 'number') throw new TypeError('RedisStore option ttl must be a number of seconds or a function')
  return ttl
}

function readSerializer (serializer) {
  if (serializer === undefined || serializer === null) return JSON
  if (typeof serializer.parse !== 'function' || typeof serializer.stringify !== 'function') {
    throw new TypeError('RedisStore option serializer must have parse and stringify')
  }
  return serializer
}

function readOptions (options) {
  if (options === undefined || options === null) options = {}
  if (typeof options !== 'object') throw new TypeError('RedisStore options must be an object')
  const prefix = options.prefix === undefined || options.prefix === null ? DEFAULTS.prefix : options.prefix
  if (typeof prefix !== 'string') throw new TypeError('RedisStore option prefix must be a string')
  return {
    ...readTargets(options),
    prefix,
    ttl: readTtl(options.ttl),
    disableTTL: Boolean(options.disableTTL),
    disableTouch: Boolean(options.disableTouch),
    scanCount: options.scanCount || DEFAULTS.scanCount,
    serializer: readSerializer(options.serializer),
    commandTimeout: positive(options, 'commandTimeout'),
    connectTimeout: positive(options, 'connectTimeout'),
    maxQueue: positive(options, 'maxQueue'),
    reconnectMinDelay: positive(options, 'reconnectMinDelay'),
    reconnectMaxDelay: positive(options, 'reconnectMaxDelay'),
    tls: readTls(options.tls)
  }
}

module.exports = { readOptions, DEFAULTS }
