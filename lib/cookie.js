'use strict'

// The session cookie's settings, as express-session's Cookie: `maxAge` is derived from
// `expires`, and `originalMaxAge` remembers the lifetime the cookie was given.

const deprecate = require('depd')('express-session')
const { serializeCookie } = require('./native')

function Cookie (options) {
  this.path = '/'
  this.maxAge = null
  this.httpOnly = true

  if (options) {
    if (typeof options !== 'object') {
      throw new TypeError('argument options must be a object')
    }
    for (const key in options) {
      if (key !== 'data') this[key] = options[key]
    }
  }

  if (this.originalMaxAge === undefined || this.originalMaxAge === null) {
    this.originalMaxAge = this.maxAge
  }
}

Cookie.prototype = {
  set expires (date) {
    this._expires = date
    this.originalMaxAge = this.maxAge
  },

  get expires () {
    return this._expires
  },

  set maxAge (ms) {
    if (ms && typeof ms !== 'number' && !(ms instanceof Date)) {
      throw new TypeError('maxAge must be a number or Date')
    }
    if (ms instanceof Date) {
      deprecate('maxAge as Date; pass number of milliseconds instead')
    }
    this.expires = typeof ms === 'number' ? new Date(Date.now() + ms) : ms
  },

  get maxAge () {
    const expires = this.expires
    return expires instanceof Date ? expires.valueOf() - Date.now() : expires
  },

  // The attributes, in the order stores and JSON readers have always seen them.
  get data () {
    return {
      originalMaxAge: this.originalMaxAge,
      partitioned: this.partitioned,
      priority: this.priority,
      expires: this._expires,
      secure: this.secure,
      httpOnly: this.httpOnly,
      domain: this.domain,
      path: this.path,
      sameSite: this.sameSite
    }
  },

  serialize (name, value) {
    return serializeCookie(name, value, this.data)
  },

  toJSON () {
    return this.data
  }
}

module.exports = Cookie
