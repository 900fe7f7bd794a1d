'use strict'

// The debug log (DEBUG=express-session): the same scenarios run in a child process once on
// express-session 1.19.0 and once on express-session-rs, and the sequence of message kinds
// (the message without its timestamp, session ID or header value) must be the same, request
// by request. Without DEBUG (or with DEBUG naming something else) nothing is printed.
//
// This file is both the test and the child: run with ESRS_DEBUG_CHILD=<package to require>
// it plays every scenario, marking on stderr where each scenario and each request starts,
// and prints a summary of the HTTP answers on stdout.

const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const MARK = '### '

if (process.env.ESRS_DEBUG_CHILD) {
  runChild(process.env.ESRS_DEBUG_CHILD).catch((err) => {
    process.stdout.write(JSON.stringify({ fatal: String(err && err.stack) }) + '\n')
    process.exitCode = 1
  })
} else {
  defineTests()
}

// ---------------------------------------------------------------------------------------
// The scenarios. Each one gets a fresh middleware (and store); its requests run in order,
// `cookie: true` sending the session cookie the previous responses set.

function scenarios (session) {
  const ok = (req, res) => res.end('ok')
  const withLength = (req, res) => {
    res.setHeader('Content-Length', '5')
    res.end('hello')
  }
  const count = (req, res) => {
    req.session.count = (req.session.count || 0) + 1
    res.end(String(req.session.count))
  }
  const login = (req, res) => {
    req.session.regenerate((err) => {
      if (err) throw err
      req.session.user = 'alice'
      req.session.save((err) => {
        if (err) throw err
        res.statusCode = 302
        res.setHeader('Location', '/')
        res.end()
      })
    })
  }
  const base = { secret: 'keyboard cat', resave: false, saveUninitialized: true }

  // A store that answers asynchronously, built on the package's own Store.
  function asyncStore () {
    const store = new session.Store()
    const data = new Map()
    store.get = (sid, cb) => setImmediate(() => cb(null, data.has(sid) ? JSON.parse(data.get(sid)) : undefined))
    store.set = (sid, sess, cb) => { data.set(sid, JSON.stringify(sess)); setImmediate(() => cb && cb()) }
    store.destroy = (sid, cb) => { data.delete(sid); setImmediate(() => cb && cb()) }
    store.touch = (sid, sess, cb) => setImmediate(() => cb && cb())
    return store
  }

  return [
    {
      name: 'new session, saved (default store)',
      expect: ['no SID sent, generating session', 'saving', 'set-cookie'],
      requests: [{ handler: count }]
    },
    {
      name: 'session found and modified, saved (default store)',
      expect: ['fetching', 'session found', 'saving'],
      requests: [{ handler: count }, { cookie: true, handler: count }]
    },
    {
      name: 'session found and unmodified, touched (default store)',
      expect: ['fetching', 'session found', 'touching', 'touched'],
      requests: [{ handler: count }, { cookie: true, handler: ok }]
    },
    {
      name: 'rolling: cookie sent again on an unmodified session (default store)',
      options: { rolling: true },
      expect: ['touching', 'set-cookie'],
      requests: [{ handler: count }, { cookie: true, handler: ok }]
    },
    {
      name: 'rolling, asynchronous store',
      options: { rolling: true },
      store: asyncStore,
      expect: ['touching', 'set-cookie', 'touched'],
      requests: [{ handler: count }, { cookie: true, handler: ok }]
    },
    {
      name: 'signed cookie of an unknown session',
      expect: ['fetching', 'no session found'],
      requests: [{ handler: count }, { cookie: 'unknown', handler: count }]
    },
    {
      name: 'cookie signature invalid',
      expect: ['cookie signature invalid', 'no SID sent, generating session'],
      requests: [{ handler: count }, { cookie: 'forged', handler: count }]
    },
    {
      name: 'cookie unsigned',
      expect: ['cookie unsigned', 'no SID sent, generating session'],
      requests: [{ rawCookie: 'connect.sid=plain-value', handler: count }]
    },
    {
      name: 'cookie-parser cookies: unsigned, then invalid signature',
      expect: ['cookie unsigned', 'cookie signature invalid'],
      requests: [
        { before: (req) => { req.cookies = { 'connect.sid': 'plain-value' } }, handler: ok },
        { before: (req) => { req.cookies = { 'connect.sid': 's:abc.forged' } }, handler: ok }
      ]
    },
    {
      name: 'unset: destroy (default store)',
      options: { unset: 'destroy' },
      expect: ['destroying', 'destroyed', 'no session'],
      requests: [{ handler: count }, { cookie: true, handler: (req, res) => { req.session = null; res.end('bye') } }]
    },
    {
      name: 'unset: destroy (asynchronous store)',
      options: { unset: 'destroy' },
      store: asyncStore,
      expect: ['destroying', 'destroyed', 'no session'],
      requests: [{ handler: count }, { cookie: true, handler: (req, res) => { req.session = null; res.end('bye') } }]
    },
    {
      name: 'session deleted with unset: keep',
      expect: ['no session'],
      requests: [{ handler: (req, res) => { delete req.session; res.end('gone') } }]
    },
    {
      name: 'store is disconnected',
      expect: ['store is disconnected'],
      store: () => new session.MemoryStore(),
      disconnect: true,
      requests: [{ handler: (req, res) => res.end(req.session ? 'session' : 'no session') }]
    },
    {
      name: 'pathname mismatch',
      options: { cookie: { path: '/admin' } },
      expect: ['pathname mismatch'],
      requests: [{ path: '/public', handler: ok }, { path: '/admin/page', handler: count }]
    },
    {
      name: 'split response: Content-Length with an asynchronous store',
      store: asyncStore,
      expect: ['saving', 'split response', 'touching', 'touched'],
      requests: [{ handler: (req, res) => { req.session.count = 1; withLength(req, res) } }, { cookie: true, handler: withLength }]
    },
    {
      name: 'Content-Length with the default store (what every Express res.send does)',
      expect: ['saving', 'touching'],
      // A deliberate difference (README): the native MemoryStore has stored the session
      // before the response is written, so nothing waits for it and the body is not split.
      oursOmit: ['split response'],
      requests: [{ handler: (req, res) => { req.session.count = 1; withLength(req, res) } }, { cookie: true, handler: withLength }]
    },
    {
      name: 'explicit save after regenerate (the README login), default store',
      expect: ['fetching', 'session found', 'set-cookie'],
      requests: [
        { handler: count },
        { cookie: true, handler: login }
      ]
    },
    {
      name: 'explicit save after regenerate (the README login), asynchronous store',
      store: asyncStore,
      expect: ['fetching', 'session found', 'set-cookie'],
      requests: [
        { handler: count },
        { cookie: true, handler: login }
      ]
    },
    {
      name: 'reload',
      expect: ['reloading'],
      requests: [{ handler: count }, { cookie: true, handler: (req, res) => req.session.reload(() => res.end('reloaded')) }]
    },
    {
      name: 'secure cookie over plain HTTP',
      options: { cookie: { secure: true } },
      expect: ['not secured'],
      requests: [{ handler: count }]
    },
    {
      name: 'store get error',
      store: () => {
        const store = asyncStore()
        store.get = (sid, cb) => setImmediate(() => cb(Object.assign(new Error('store down'), { code: 'EDOWN' })))
        return store
      },
      expect: ['fetching', 'error'],
      requests: [{ handler: count }, { cookie: true, handler: ok }]
    },
    {
      name: 'bogus req.sessionID',
      expect: ['session ignored because of bogus req.sessionID'],
      requests: [{ handler: count }, { cookie: true, handler: (req, res) => { req.sessionID = 42; res.end('bogus') } }]
    }
  ].map((scenario) => ({ ...scenario, options: { ...base, ...scenario.options } }))
}

// ---------------------------------------------------------------------------------------
// Child: play every scenario on the package named by ESRS_DEBUG_CHILD.

async function runChild (which) {
  const http = require('node:http')
  const signature = require('cookie-signature')
  const session = require(which === 'express-session' ? 'express-session' : ROOT)
  const mark = (text) => process.stderr.write(MARK + text + '\n')

  for (const scenario of scenarios(session)) {
    mark('scenario ' + scenario.name)
    const options = { ...scenario.options }
    if (scenario.store) options.store = scenario.store()
    const middleware = session(options)
    if (scenario.disconnect) options.store.emit('disconnect')
    let current
    const server = http.createServer((req, res) => {
      const step = current
      if (step.before) step.before(req)
      middleware(req, res, (err) => {
        if (err) {
          res.statusCode = 500
          res.end(err.message)
          return
        }
        step.handler(req, res)
      })
    })
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = server.address().port
    let cookie
    const answers = []
    for (const [index, step] of scenario.requests.entries()) {
      current = step
      const urlPath = step.path || '/'
      mark(`request ${index + 1} GET ${urlPath}`)
      let header
      if (step.rawCookie) header = step.rawCookie
      else if (step.cookie === true) header = cookie
      else if (step.cookie === 'unknown') header = 'connect.sid=' + encodeURIComponent('s:' + signature.sign('unknown-session-id', 'keyboard cat'))
      else if (step.cookie === 'forged') header = cookie.replace(/\.[^.]*$/, '.forged')
      const res = await get(port, urlPath, header)
      const setCookie = (res.headers['set-cookie'] || []).find((h) => h.startsWith('connect.sid='))
      if (setCookie) cookie = setCookie.split(';', 1)[0]
      answers.push({ status: res.statusCode, body: res.body, setCookie: Boolean(setCookie) })
    }
    await new Promise((resolve) => setImmediate(resolve))
    mark('end')
    await new Promise((resolve) => server.close(resolve))
    process.stdout.write(JSON.stringify({ scenario: scenario.name, answers }) + '\n')
  }

  function get (port, urlPath, cookie) {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: cookie ? { cookie } : {} }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => { body += chunk })
        res.on('end', () => resolve({ statusCode: res.statusCode, headers: res.headers, body }))
      })
      req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')))
      req.on('error', reject)
    })
  }
}

// ---------------------------------------------------------------------------------------
// Parent: run the children and compare.

function defineTests () {
  const { test, before } = require('node:test')
  const assert = require('node:assert/strict')
  const { execFile } = require('node:child_process')

  // Message kinds, longest first so that 'no session found' is not read as 'no session'.
  const KINDS = [
    'session ignored because of bogus req.sessionID',
    'no SID sent, generating session',
    'cookie signature invalid',
    'store is disconnected',
    'pathname mismatch',
    'no session found',
    'cookie unsigned',
    'split response',
    'session found',
    'set-cookie',
    'no session',
    'not secured',
    'destroying',
    'destroyed',
    'reloading',
    'fetching',
    'touching',
    'touched',
    'saving',
    'error'
  ].sort((a, b) => b.length - a.length)

  function kindOf (message) {
    for (const kind of KINDS) {
      if (message === kind || message.startsWith(kind + ' ')) return kind
    }
    return '?' + message
  }

  function run (which, env) {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [__filename], {
        cwd: ROOT,
        env: { ...env, ESRS_DEBUG_CHILD: which },
        timeout: 20000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024
      }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`child for ${which} failed: ${err.message}\n${stdout}\n${stderr}`))
        resolve({ stdout, stderr })
      })
    })
  }

  function cleanEnv (debug) {
    const env = { ...process.env }
    delete env.DEBUG
    delete env.DEBUG_FD
    delete env.DEBUG_COLORS
    delete env.NODE_DEBUG
    delete env.NODE_OPTIONS
    delete env.NODE_TEST_CONTEXT
    if (debug !== undefined) env.DEBUG = debug
    return env
  }

  // { scenario name: [{ request: 'GET /', kinds: [...] }, ...] }, from a child's stderr.
  function parseLog (stderr) {
    const byScenario = {}
    let requests
    for (const line of stderr.split('\n')) {
      if (line === '') continue
      if (line.startsWith(MARK)) {
        const mark = line.slice(MARK.length)
        if (mark.startsWith('scenario ')) {
          requests = byScenario[mark.slice('scenario '.length)] = []
        } else if (mark.startsWith('request ')) {
          requests.push({ request: mark.slice('request '.length), kinds: [] })
        }
        continue
      }
      // debug 2.6.9 without a TTY: "<UTC date> express-session <message>".
      const at = line.indexOf(' express-session ')
      assert.ok(at !== -1, `unexpected stderr line: ${line}`)
      assert.ok(requests && requests.length, `log line outside a request: ${line}`)
      requests[requests.length - 1].kinds.push(kindOf(line.slice(at + ' express-session '.length)))
    }
    return byScenario
  }

  function parseAnswers (stdout) {
    const answers = {}
    for (const line of stdout.split('\n')) {
      if (!line) continue
      const entry = JSON.parse(line)
      assert.ok(!entry.fatal, entry.fatal)
      answers[entry.scenario] = entry.answers
    }
    return answers
  }

  const list = scenarios(require(ROOT))
  const results = {}

  before(async () => {
    const [theirs, ours, quietOurs, quietTheirs, otherOurs] = await Promise.all([
      run('express-session', cleanEnv('express-session')),
      run('ours', cleanEnv('express-session')),
      run('ours', cleanEnv()),
      run('express-session', cleanEnv()),
      run('ours', cleanEnv('express:*,connect:*'))
    ])
    Object.assign(results, { theirs, ours, quietOurs, quietTheirs, otherOurs })
    results.theirsLog = parseLog(theirs.stderr)
    results.oursLog = parseLog(ours.stderr)
  })

  for (const scenario of list) {
    test(`debug log: ${scenario.name}`, () => {
      const theirs = results.theirsLog[scenario.name]
      const ours = results.oursLog[scenario.name]
      assert.ok(theirs && ours, 'both children ran the scenario')

      // The scenario shows what it is meant to show, on express-session.
      const theirKinds = theirs.flatMap((r) => r.kinds)
      for (const kind of scenario.expect) {
        assert.ok(theirKinds.includes(kind), `express-session logs '${kind}' here: ${JSON.stringify(theirs)}`)
      }

      // The same answers on both (the scenario runs the same way).
      const answers = { theirs: parseAnswers(results.theirs.stdout), ours: parseAnswers(results.ours.stdout) }
      assert.deepEqual(answers.ours[scenario.name], answers.theirs[scenario.name], 'same HTTP answers')

      // Ours logs the same kinds of message, in the same order, request by request, apart
      // from the lines a scenario documents as deliberately absent.
      const omitted = scenario.oursOmit || []
      for (const kind of omitted) {
        assert.ok(theirKinds.includes(kind), `express-session logs '${kind}' here`)
        assert.ok(!ours.some((r) => r.kinds.includes(kind)), `ours does not log '${kind}' here`)
      }
      const expected = theirs.map((r) => ({ ...r, kinds: r.kinds.filter((k) => !omitted.includes(k)) }))
      assert.deepEqual(ours, expected, 'the sequence of debug messages per request (ours, then express-session)')
    })
  }

  test('debug lines carry the session ID and the Set-Cookie header as express-session prints them', () => {
    const line = (stderr, prefix) => stderr.split('\n').find((l) => l.includes(' express-session ' + prefix))
    for (const which of ['theirs', 'ours']) {
      const stderr = results[which].stderr
      assert.match(line(stderr, 'fetching'), / express-session fetching [\w-]{32}$/, which)
      assert.match(line(stderr, 'saving'), / express-session saving [\w-]{32}$/, which)
      assert.match(line(stderr, 'set-cookie'), / express-session set-cookie connect\.sid=s%3A[\w-]{32}\.[\w%]+; Path=\/; HttpOnly$/, which)
      assert.match(line(stderr, 'error'), / express-session error \{.*"code":"EDOWN".*\}$/, which)
    }
  })

  test('without DEBUG nothing is printed (and the scenarios still ran)', () => {
    for (const which of ['quietOurs', 'quietTheirs', 'otherOurs']) {
      const { stdout, stderr } = results[which]
      const unexpected = stderr.split('\n').filter((l) => l !== '' && !l.startsWith(MARK))
      assert.deepEqual(unexpected, [], `${which}: stderr has only the scenario marks`)
      assert.deepEqual(parseAnswers(stdout), parseAnswers(results.ours.stdout), `${which}: same answers as with DEBUG`)
    }
  })
}
