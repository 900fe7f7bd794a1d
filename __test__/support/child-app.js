'use strict'

/*
 * Runs an app the way a user runs it: `node <args>` as a child process, on the port it
 * picks (set PORT=0 in `env`), driven with real HTTP requests. For the demo and examples tests.
 *
 *   startApp({ args, env, cwd = <repository root> })
 *                         starts `node ...args` and resolves once its stdout printed
 *                         "http://localhost:<port>", with
 *                           { origin,      'http://127.0.0.1:<port>'
 *                             port,        the port (a number)
 *                             output(),    all of its stdout and stderr so far, labelled
 *                             stderr(),    its stderr so far
 *                             exited,      promise of { code, signal } once it has exited
 *                                          and all of its output has arrived
 *                             stop() }     SIGTERM, then SIGKILL after 3 s; resolves on exit
 *                         Rejects (and stops it) when it exits first or prints no URL
 *                         within 10 s; the error holds its output.
 *   stopAllApps()         stops every app started and not yet stopped: call it in after().
 *                         (node --test runs each test file in its own process, so this is
 *                         the apps of the calling file.)
 *   browser(origin)       a user with a cookie jar for connect.sid, updated from every
 *                         response: { cookie, send(method, path, options), get(path),
 *                         post(path, form) (an urlencoded form) }; `cookie` can be set.
 *   sessionIdOf(pair)     the session ID in a 'connect.sid=s%3A<id>.<signature>' pair
 *                         (asserts that it is signed).
 */

const assert = require('node:assert/strict')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { createUser } = require('./http-client')

const ROOT = path.join(__dirname, '..', '..')
const START_TIMEOUT_MS = 10000
const STOP_TIMEOUT_MS = 3000

const running = new Set()

function startApp ({ args, env, cwd = ROOT }) {
  const what = args.join(' ')
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })))
  const app = {
    origin: undefined,
    port: undefined,
    stderr: () => stderr,
    output: () => `--- stdout ---\n${stdout}--- stderr ---\n${stderr}`,
    exited,
    async stop () {
      running.delete(app)
      let timer
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      }
      await exited // 'close': exited, and all of its output has arrived
      clearTimeout(timer)
    }
  }
  running.add(app)
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => { stderr += chunk })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      app.stop()
      reject(new Error(`${what} printed no URL within ${START_TIMEOUT_MS} ms\n${app.output()}`))
    }, START_TIMEOUT_MS)
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      const match = /http:\/\/localhost:(\d+)/.exec(stdout)
      if (match && !app.origin) {
        clearTimeout(timer)
        app.port = Number(match[1])
        app.origin = `http://127.0.0.1:${match[1]}`
        resolve(app)
      }
    })
    exited.then(({ code, signal }) => {
      clearTimeout(timer)
      if (!app.origin) reject(new Error(`${what} exited (${code ?? signal}) before listening\n${app.output()}`))
    })
  })
}

function stopAllApps () {
  return Promise.all([...running].map((app) => app.stop()))
}

function browser (origin) {
  const user = createUser(origin)
  user.post = (urlPath, form) => user.send('POST', urlPath, {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  return user
}

function sessionIdOf (pair) {
  const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1))
  assert.ok(value.startsWith('s:'), `signed cookie expected, got ${pair}`)
  return value.slice(2, value.lastIndexOf('.'))
}

module.exports = { startApp, stopAllApps, browser, sessionIdOf }
