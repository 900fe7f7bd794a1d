'use strict'

// saveBeforeHeaders in a real browser: headless Chromium follows the redirect after login
// itself, as soon as it has the headers. Against a store whose set writes 50 ms late, the
// page it lands on always shows the session with the option, and (with a store that writes
// only once the follow-up arrived, so that the miss does not depend on timing) does not
// without it.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const session = require('..')
const { launchBrowser } = require('./support/browser')
const { loginApp, lateStore } = require('./support/redirect-login')
const { serve: withServer } = require('./support/http')

const ROUNDS = 3

async function landedOn (browser, url) {
  const context = await browser.createBrowserContext()
  try {
    const page = await context.newPage()
    const response = await page.goto(url)
    return { path: new URL(page.url()).pathname, body: JSON.parse(await response.text()) }
  } finally {
    await context.close()
  }
}

test('Chromium following the redirect finds the session with saveBeforeHeaders', async (t) => {
  const browser = await launchBrowser(t)
  if (!browser) return
  for (const path of ['/login', '/login-streamed']) {
    const { app } = loginApp(lateStore(new session.MemoryStore()), { saveBeforeHeaders: true })
    await withServer(app, async (origin) => {
      for (let round = 0; round < ROUNDS; round++) {
        assert.deepEqual(await landedOn(browser, origin + path), { path: '/whoami', body: { user: 'ann' } }, `${path}, round ${round + 1}`)
      }
    })
  }
})

test('Chromium following the redirect misses the session without the option', async (t) => {
  const browser = await launchBrowser(t)
  if (!browser) return
  const gated = loginApp(lateStore(new session.MemoryStore(), () => gated.seen()))
  await withServer(gated.app, async (origin) => {
    assert.deepEqual(await landedOn(browser, origin + '/login'), { path: '/whoami', body: { user: null } })
  })
})
