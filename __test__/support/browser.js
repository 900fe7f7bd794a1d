'use strict'

/*
 * A real browser for tests: the system's Chromium (Debian's `chromium` package), headless,
 * driven through puppeteer-core (which downloads no browser of its own).
 *
 *   findChromium()        the browser's path: $CHROMIUM_PATH when set, else the first of
 *                         /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome;
 *                         undefined when that file does not exist.
 *   launchBrowser(t)      a puppeteer Browser, closed after the test `t`. Without a browser
 *                         the test is skipped, except under CI=true, where it fails (.ci/run
 *                         installs chromium with apt).
 *   cookiesOf(page)       every cookie the browser keeps, as the DevTools protocol reports them:
 *                         { name, value, domain, path, expires (s since the epoch, -1 for a
 *                         session cookie), httpOnly, secure, session, sameSite ('Lax', ...) }.
 */

const fs = require('node:fs')
const puppeteer = require('puppeteer-core')

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

// Headless in a container: no sandbox (root, no user namespaces), no GPU, and none of the
// browser's own traffic (updates, safe browsing, metrics) so that a test sees only its own.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-first-run',
  '--mute-audio'
]

function findChromium () {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES
  return candidates.find((file) => fs.existsSync(file))
}

async function launchBrowser (t) {
  const executablePath = findChromium()
  if (!executablePath) {
    const where = process.env.CHROMIUM_PATH || CANDIDATES.join(', ')
    const why = `no Chromium at ${where}: apt-get install -y chromium`
    if (process.env.CI === 'true') throw new Error(why)
    t.skip(why)
    return undefined
  }
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ARGS, timeout: 30000 })
  t.after(() => browser.close())
  return browser
}

async function cookiesOf (page) {
  const client = await page.createCDPSession()
  try {
    const { cookies } = await client.send('Network.getAllCookies')
    return cookies
  } finally {
    await client.detach()
  }
}

module.exports = { findChromium, launchBrowser, cookiesOf }
