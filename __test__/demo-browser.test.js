'use strict'

// The demo (`npm start`) in a real browser: headless Chromium goes through the view counter,
// a login (which must start a new session) and a logout (another new session), reading what
// the page shows and the session cookie the browser actually keeps.

const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { startApp, stopAllApps } = require('./support/child-app')
const { launchBrowser, cookiesOf } = require('./support/browser')

const DEMO = path.join(__dirname, '..', 'examples', 'demo', 'app.js')

after(stopAllApps)

async function shown (page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent
    const views = {}
    for (const cell of document.querySelectorAll('[data-views]')) views[cell.dataset.views] = Number(cell.textContent)
    return {
      message: text('message'),
      idPrefix: text('session-id').replace('…', ''),
      user: text('user'),
      expires: text('expires'),
      views,
      scriptCookies: document.cookie
    }
  })
}

async function sessionCookie (page) {
  const cookies = (await cookiesOf(page)).filter((c) => c.name === 'connect.sid')
  assert.equal(cookies.length, 1, `one session cookie: ${JSON.stringify(cookies)}`)
  return cookies[0]
}

// The cookie belongs to the session the page shows, and has the attributes the demo sets.
function assertCookieOf (cookie, state) {
  assert.ok(decodeURIComponent(cookie.value).startsWith(`s:${state.idPrefix}`), `${cookie.value} signs ${state.idPrefix}`)
  assert.equal(cookie.httpOnly, true)
  assert.equal(cookie.sameSite, 'Lax')
  assert.equal(cookie.secure, false)
  assert.equal(cookie.path, '/')
  assert.equal(cookie.session, false, 'a persistent cookie (maxAge: one hour)')
  // Expires travels with second precision, and Chromium shifts it by the difference between
  // its clock and the response's Date header (also whole seconds): within a second of the
  // expiry the page shows.
  const expires = Date.parse(state.expires) / 1000
  assert.ok(Math.abs(cookie.expires - expires) <= 1, `cookie expires ${cookie.expires}, the session ${expires}`)
  assert.equal(state.scriptCookies, '', 'HttpOnly: page scripts cannot read the session cookie')
}

test('the demo in headless Chromium: view counter, login with a new session, logout', async (t) => {
  const browser = await launchBrowser(t)
  if (!browser) return
  const env = { ...process.env, PORT: '0', SESSION_SECRET: 'browser test secret' }
  delete env.NODE_OPTIONS
  delete env.NODE_TEST_CONTEXT
  const app = await startApp({ args: [DEMO], env })
  const page = await browser.newPage()

  await page.goto(app.origin + '/')
  const first = await shown(page)
  assert.equal(first.message, 'you are not logged in')
  assert.equal(first.user, '(nobody)')
  assert.deepEqual(first.views, { '/': 1 })
  assertCookieOf(await sessionCookie(page), first)

  await page.reload()
  const again = await shown(page)
  assert.equal(again.idPrefix, first.idPrefix, 'the browser sent its cookie back: same session')
  assert.deepEqual(again.views, { '/': 2 })

  await Promise.all([page.waitForNavigation(), page.click('a[href="/foo"]')])
  const foo = await shown(page)
  assert.equal(foo.message, 'you viewed this page 1 times')
  assert.deepEqual(foo.views, { '/': 2, '/foo': 1 })

  await page.type('input[name="user"]', 'ada')
  await page.type('input[name="pass"]', 'secret')
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')])
  const loggedIn = await shown(page)
  assert.equal(new URL(page.url()).pathname, '/')
  assert.equal(loggedIn.message, 'hello, ada!')
  assert.equal(loggedIn.user, 'ada')
  assert.notEqual(loggedIn.idPrefix, first.idPrefix, 'login regenerates the session: a new ID')
  assert.deepEqual(loggedIn.views, { '/': 1 }, 'the new session counts from the start')
  assertCookieOf(await sessionCookie(page), loggedIn)

  await Promise.all([page.waitForNavigation(), page.click('a[href="/logout"]')])
  const loggedOut = await shown(page)
  assert.equal(loggedOut.message, 'you are not logged in')
  assert.equal(loggedOut.user, '(nobody)')
  assert.notEqual(loggedOut.idPrefix, loggedIn.idPrefix, 'logout regenerates the session too')
  assertCookieOf(await sessionCookie(page), loggedOut)

  // The logged-out session's cookie no longer logs anyone in: reloading stays logged out.
  await page.reload()
  assert.equal((await shown(page)).user, '(nobody)')
  await app.stop()
})
