'use strict'

// Where a request's session ID comes from: the signed cookie in the Cookie header, or,
// for applications that still run cookie-parser first, its parsed cookies; and whether
// the request came over HTTPS (for secure cookies).

const debug = require('debug')('express-session')
const { READ_STATUS } = require('./native')

function reportUnreadable (status) {
  if (status === READ_STATUS.UNSIGNED) debug('cookie unsigned')
  else if (status === READ_STATUS.INVALID_SIGNATURE) debug('cookie signature invalid')
}

function fromHeader (header, name, signer) {
  if (typeof header !== 'string') throw new TypeError('argument str must be a string')
  const result = signer.readSessionId(header, name)
  if (typeof result === 'string') return result
  reportUnreadable(result)
  return undefined
}

function fromCookieParser (raw, signer, deprecate) {
  if (raw.substr(0, 2) !== 's:') {
    debug('cookie unsigned')
    return undefined
  }
  const id = signer.unsign(raw.slice(2))
  if (id === null) {
    debug('cookie signature invalid')
    return undefined
  }
  if (id) deprecate('cookie should be available in req.headers.cookie')
  return id
}

// `deprecate` is the middleware's depd instance, so warnings name the same call site as
// express-session's do.
function readSessionId (req, name, signer, deprecate) {
  const header = req.headers.cookie
  let id = header ? fromHeader(header, name, signer) : undefined

  if (!id && req.signedCookies) {
    id = req.signedCookies[name]
    if (id) deprecate('cookie should be available in req.headers.cookie')
  }
  if (!id && req.cookies) {
    const raw = req.cookies[name]
    if (raw) id = fromCookieParser(raw, signer, deprecate)
  }
  return id
}

function isSecure (req, trustProxy) {
  if (req.connection && req.connection.encrypted) return true
  if (trustProxy === false) return false
  if (trustProxy !== true) return req.secure === true

  const header = req.headers['x-forwarded-proto'] || ''
  const comma = header.indexOf(',')
  const proto = comma === -1 ? header : header.substr(0, comma)
  return proto.toLowerCase().trim() === 'https'
}

module.exports = { readSessionId, isSecure }
