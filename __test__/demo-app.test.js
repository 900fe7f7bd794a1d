'use strict'

// The demo app (`npm start` = node examples/demo/app.js), started as a user starts it: a
// child process on a free port (PORT=0; the test reads the URL it prints), driven with real
// HTTP requests and a hand-kept cookie jar through the README's two examples: the per-path
// view counter, and the login that regenerates the session on login and on logout.

const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const signature = require('cookie-signature')
const { request } = require('./support/http-client')
const { startApp, stopAllApps, browser, sessionIdOf } = require('./support/child-app')

const ROOT = path.join(__dirname, '..')
const DEMO = path.join(ROOT, 'examples', 'demo', 'app.js')

after(stopAllApps)

// The app's output once it matches `pattern` (lines printed together may arrive apart).
async function outputMatching (app, pattern, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(app.output()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return app.output()
}

function demoEnv (extra = {}) {
  const env = { ...process.env, PORT: '0', ...extra }
  for (const name of ['DEBUG', 'SESSION_SECRET', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT']) {
    if (!(name in extra)) delete env[name]
  }
  return env
}

// What the page shows about the session.
function readPage (res) {
  assert.equal(res.status, 200, res.text)
  assert.match(res.headers['content-type'], /^text\/html/)
  const html = res.text
  const text = (id) => {
    const match = new RegExp(`id="${id}">([^<]*)<`).exec(html)
    assert.ok(match, `the page has no #${id}:\n${html}`)
    return match[1]
  }
  const views = {}
  for (const match of html.matchAll(/data-views="([^"]*)">(\d+)</g)) views[match[1]] = Number(match[2])
  return {
    html,
    message: /id="message">(.*?)<\/p>/.exec(html)[1],
    idPrefix: text('session-id').replace('…', ''),
    user: text('user'),
    expires: text('expires'),
    views
  }
}

test('npm start runs the demo app', () => {
  const pkg = require('../package.json')
  assert.equal(pkg.scripts.start, 'node examples/demo/app.js')
})

test('the demo prints its URL and serves the view counter per path on the default store', async () => {
  const app = await startApp({ args: [DEMO], env: demoEnv() })
  try {
    assert.match(app.output(), /listening on http:\/\/localhost:\d+/)
    const user = browser(app.origin)

    const home = await user.get('/')
    assert.ok(user.cookie, 'the first visit sets the session cookie')
    const sid = sessionIdOf(user.cookie)
    const first = readPage(home)
    assert.equal(first.idPrefix, sid.slice(0, 8), 'the page shows the prefix of the session ID')
    assert.equal(first.user, '(nobody)')
    assert.deepEqual(first.views, { '/': 1 })
    const expires = Date.parse(first.expires)
    assert.ok(Number.isFinite(expires), `cookie expiry shown as a date: ${first.expires}`)
    assert.ok(Math.abs(expires - (Date.now() + 3600e3)) < 600e3, `about an hour from now: ${first.expires}`)
    const setCookie = home.setCookies.find((h) => h.startsWith('connect.sid='))
    assert.match(setCookie, /; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/)
    assert.match(first.html, /development secret/, 'the page says it uses the fallback secret')
    assert.match(await outputMatching(app, /SESSION_SECRET/), /SESSION_SECRET/, 'the console says so too')

    assert.match(readPage(await user.get('/foo')).message, /^you viewed this page 1 times$/)
    assert.match(readPage(await user.get('/foo')).message, /^you viewed this page 2 times$/)
    const bar = readPage(await user.get('/bar'))
    assert.match(bar.message, /^you viewed this page 1 times$/)
    assert.deepEqual(bar.views, { '/': 1, '/foo': 2, '/bar': 1 })
    assert.equal(sessionIdOf(user.cookie), sid, 'the same session throughout')

    const json = (await user.get('/session.json')).json
    assert.deepEqual(json.views, { '/': 1, '/foo': 2, '/bar': 1 }, 'session.json counts no view')
    assert.equal(json.idPrefix, sid.slice(0, 8))

    // Another browser has its own session and its own counts.
    const other = browser(app.origin)
    assert.deepEqual(readPage(await other.get('/foo')).views, { '/foo': 1 })
    assert.notEqual(sessionIdOf(other.cookie), sid)

    // A cookie with a forged signature is not accepted: a new session starts.
    const forged = user.cookie.replace(/\.[^.]+$/, '.AAAA')
    const res = await request(app.origin, 'GET', '/session.json', { cookie: forged })
    assert.deepEqual(res.json.views, {})
    assert.notEqual(res.json.idPrefix, sid.slice(0, 8))

    assert.equal(app.stderr(), '', 'without DEBUG the demo prints nothing on stderr')
  } finally {
    await app.stop()
  }
})

test('the demo logs in and out with regenerated sessions (README "User login")', async () => {
  const app = await startApp({ args: [DEMO], env: demoEnv() })
  try {
    const user = browser(app.origin)
    const anonymous = readPage(await user.get('/'))
    assert.match(anonymous.html, /<form action="\/login" method="post">/)
    await user.get('/foo')
    const beforeLogin = user.cookie

    const empty = await user.post('/login', { user: '  ', pass: 'x' })
    assert.equal(empty.status, 400)
    assert.equal(user.cookie, beforeLogin)

    const login = await user.post('/login', { user: 'alice <admin>', pass: 'secret' })
    assert.equal(login.status, 302)
    assert.equal(login.headers.location, '/')
    assert.notEqual(user.cookie, beforeLogin, 'login sends a new cookie')
    assert.notEqual(sessionIdOf(user.cookie), sessionIdOf(beforeLogin), 'login regenerates the session ID')

    const loggedIn = readPage(await user.get('/'))
    assert.equal(loggedIn.message, 'hello, alice &lt;admin&gt;!', 'the user name is HTML-escaped')
    assert.equal(loggedIn.user, 'alice &lt;admin&gt;')
    assert.equal(loggedIn.idPrefix, sessionIdOf(user.cookie).slice(0, 8))
    assert.deepEqual(loggedIn.views, { '/': 1 }, 'the new session starts counting again')
    assert.match(loggedIn.html, /<a href="\/logout">Logout<\/a>/)

    // The pre-login session was destroyed: its cookie no longer finds anything.
    const stale = await request(app.origin, 'GET', '/session.json', { cookie: beforeLogin })
    assert.equal(stale.json.user, null)
    assert.deepEqual(stale.json.views, {})

    const duringLogin = user.cookie
    const logout = await user.get('/logout')
    assert.equal(logout.status, 302)
    assert.equal(logout.headers.location, '/')
    assert.notEqual(sessionIdOf(user.cookie), sessionIdOf(duringLogin), 'logout regenerates the session ID')

    const loggedOut = readPage(await user.get('/'))
    assert.equal(loggedOut.user, '(nobody)')
    assert.equal(loggedOut.message, 'you are not logged in')
    assert.match(loggedOut.html, /<form action="\/login"/)

    // Re-using the logged-in cookie does not bring the user back.
    const reused = await request(app.origin, 'GET', '/session.json', { cookie: duringLogin })
    assert.equal(reused.json.user, null)
  } finally {
    await app.stop()
  }
})

test('the demo signs with SESSION_SECRET when it is set', async () => {
  const secret = 'a secret from the environment ' + process.pid
  const app = await startApp({ args: [DEMO], env: demoEnv({ SESSION_SECRET: secret }) })
  try {
    const home = await request(app.origin, 'GET', '/')
    const pair = home.setCookies.find((h) => h.startsWith('connect.sid=')).split(';', 1)[0]
    const value = decodeURIComponent(pair.slice('connect.sid='.length)).slice(2)
    assert.equal(signature.unsign(value, secret), sessionIdOf(pair), 'signed with SESSION_SECRET')
    assert.doesNotMatch(home.text, /development secret/)
    assert.match(home.text, /secret from <code>SESSION_SECRET<\/code>/)
    assert.doesNotMatch(app.output(), /development secret/)
  } finally {
    await app.stop()
  }
})

test('DEBUG=express-session npm start shows the middleware\'s debug log', async () => {
  const app = await startApp({ args: [DEMO], env: demoEnv({ DEBUG: 'express-session' }) })
  try {
    const user = browser(app.origin)
    await user.get('/')
    await user.get('/session.json')
    await user.post('/login', { user: 'dave', pass: 'x' })
    const sid = sessionIdOf(user.cookie)
    await user.get('/')
    await app.stop() // all of its stderr has arrived once it has exited
    const messages = app.stderr().split('\n').filter(Boolean).map((line) => {
      const at = line.indexOf(' express-session ')
      assert.ok(at !== -1, `only express-session debug lines on stderr: ${line}`)
      return line.slice(at + ' express-session '.length)
    })
    for (const expected of [
      'no SID sent, generating session',
      /^saving [\w-]{32}$/,
      /^set-cookie connect\.sid=s%3A[\w-]{32}\.[\w%]+; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/,
      /^fetching [\w-]{32}$/,
      'session found',
      'touching',
      `fetching ${sid}`
    ]) {
      assert.ok(messages.some((m) => (typeof expected === 'string' ? m === expected : expected.test(m))),
        `the log has ${expected}:\n${messages.join('\n')}`)
    }
  } finally {
    await app.stop()
  }
})
