'use strict'

// Every app under examples/, started as a user starts it (a child process, PORT=0, the URL
// read from what it prints) and driven with real HTTP requests. The examples say
// require('express-session-rs'), as in a user's project; here that resolves to this
// repository through NODE_PATH: a temporary directory holding the link
// express-session-rs -> <repository root> (what examples/README.md tells users to do).
// The Redis and PostgreSQL examples run against the machine's servers with a unique key
// prefix / schema and table, removed at the end. The TypeScript example is type-checked
// with tsc and then compiled to a temporary directory and run.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFile } = require('node:child_process')
const { request } = require('./support/http-client')
const services = require('./support/services')
const { startApp, stopAllApps, browser, sessionIdOf } = require('./support/child-app')

const ROOT = path.join(__dirname, '..')
const EXAMPLES = path.join(ROOT, 'examples')
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const TSC_TIMEOUT_MS = 60000

let links
let tscResults

// What `"express-session": "npm:express-session-rs@…"` in a user's package.json does, for
// a process run here: require('express-session') from anywhere (connect-redis) loads this
// repository. It says so once on stderr, so that the test can tell it was used.
const ALIAS_HOOK = `'use strict'
const Module = require('module')
const target = ${JSON.stringify(ROOT)}
const resolve = Module._resolveFilename
let told = false
Module._resolveFilename = function (request, ...rest) {
  if (request !== 'express-session') return resolve.call(this, request, ...rest)
  if (!told) { told = true; process.stderr.write('[alias] express-session -> express-session-rs\\n') }
  return resolve.call(this, target, ...rest)
}
`

before(() => {
  links = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-examples-'))
  fs.symlinkSync(ROOT, path.join(links, 'express-session-rs'), 'dir')
  fs.writeFileSync(path.join(links, 'alias-express-session.js'), ALIAS_HOOK)
  // tsc is the slow part: start it now, the TypeScript test awaits it.
  tscResults = startTypeScriptBuilds()
  tscResults.catch(() => {})
})

after(async () => {
  await stopAllApps()
  if (tscResults) await tscResults.catch(() => {}).then((r) => r && r.cleanup())
  if (links) fs.rmSync(links, { recursive: true, force: true })
})

function exampleEnv (extra = {}) {
  const env = { ...process.env, NODE_PATH: links, PORT: '0', ...extra }
  for (const name of ['DEBUG', 'SESSION_SECRET', 'SESSION_PREFIX', 'SESSION_TABLE', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT']) {
    if (!(name in extra)) delete env[name]
  }
  return env
}

function textOf (res) {
  assert.equal(res.status, 200, res.text)
  return res.text
}

test('every example folder has a README line on how to run it, and its app', () => {
  const folders = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  assert.deepEqual(folders, ['demo', 'login', 'postgres', 'redis', 'typescript', 'view-counter'])
  for (const folder of folders) {
    const readme = fs.readFileSync(path.join(EXAMPLES, folder, 'README.md'), 'utf8')
    const app = folder === 'typescript' ? 'app.ts' : 'app.js'
    assert.ok(fs.existsSync(path.join(EXAMPLES, folder, app)), `${folder}/${app}`)
    assert.match(readme, folder === 'demo' ? /npm start/ : new RegExp(`examples/${folder}`), `${folder}/README.md says how to run it`)
    if (folder !== 'demo') {
      const source = fs.readFileSync(path.join(EXAMPLES, folder, app), 'utf8')
      // The redis example installs the package under the name connect-redis requires.
      const name = folder === 'redis' ? /require\('express-session'\)/ : /require\('express-session-rs'\)|from 'express-session-rs'/
      assert.match(source, name, `${folder} loads the package by its name`)
    }
  }
  assert.match(fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8'), /NODE_PATH/)
})

test("with NODE_PATH, require('express-session-rs') in an example is this repository", async () => {
  const resolved = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['-p', "require.resolve('express-session-rs')"], {
      cwd: path.join(EXAMPLES, 'login'),
      env: exampleEnv(),
      timeout: 10000
    }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())))
  })
  assert.equal(fs.realpathSync(resolved), path.join(ROOT, 'index.js'))
})

test('view-counter: each path counts its own views', async () => {
  const app = await startApp({ args: [path.join(EXAMPLES, 'view-counter', 'app.js')], env: exampleEnv() })
  try {
    const user = browser(app.origin)
    assert.equal(textOf(await user.get('/foo')), 'you viewed this page 1 times')
    const sid = sessionIdOf(user.cookie)
    assert.equal(textOf(await user.get('/foo')), 'you viewed this page 2 times')
    assert.equal(textOf(await user.get('/bar')), 'you viewed this page 1 times')
    assert.equal(textOf(await user.get('/foo')), 'you viewed this page 3 times')
    assert.equal(sessionIdOf(user.cookie), sid)

    const other = browser(app.origin)
    assert.equal(textOf(await other.get('/foo')), 'you viewed this page 1 times')
    assert.equal(textOf(await user.get('/bar')), 'you viewed this page 2 times')
  } finally {
    await app.stop()
  }
})

test('login: regenerates the session on login and on logout', async () => {
  const app = await startApp({ args: [path.join(EXAMPLES, 'login', 'app.js')], env: exampleEnv() })
  try {
    const user = browser(app.origin)
    assert.match(textOf(await user.get('/')), /<form action="\/login" method="post">/)
    const anonymous = user.cookie
    assert.ok(anonymous, 'saveUninitialized: the first visit gets a cookie')

    const login = await user.post('/login', { user: 'bob & co', pass: 'x' })
    assert.equal(login.status, 302)
    assert.equal(login.headers.location, '/')
    assert.notEqual(sessionIdOf(user.cookie), sessionIdOf(anonymous), 'a new session ID on login')
    assert.equal(textOf(await user.get('/')), 'hello, bob &amp; co! <a href="/logout">Logout</a>')

    // The session from before the login is gone.
    const before = await request(app.origin, 'GET', '/', { cookie: anonymous })
    assert.match(before.text, /<form/)

    const loggedIn = user.cookie
    const logout = await user.get('/logout')
    assert.equal(logout.status, 302)
    assert.notEqual(sessionIdOf(user.cookie), sessionIdOf(loggedIn), 'a new session ID on logout')
    assert.match(textOf(await user.get('/')), /<form/)
    const reused = await request(app.origin, 'GET', '/', { cookie: loggedIn })
    assert.match(reused.text, /<form/, 're-using the logged-in cookie does not log in')
  } finally {
    await app.stop()
  }
})

test('redis: package.json installs express-session-rs as express-session and overrides that name for connect-redis', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'redis', 'package.json'), 'utf8'))
  const ours = require('../package.json')
  assert.equal(pkg.dependencies['express-session'], `npm:express-session-rs@^${ours.version}`)
  assert.deepEqual(pkg.overrides, { 'express-session': '$express-session' })
  // connect-redis 10 and later need Node 22; 9 is the newest that runs on every supported Node.
  assert.equal(pkg.dependencies['connect-redis'], '^9.0.0')
  const installed = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'connect-redis', 'package.json'), 'utf8'))
  assert.equal(installed.version.split('.')[0], '9', 'the tests run the connect-redis the example names')
  assert.equal(pkg.dependencies['express-session-rs'], undefined, 'one copy of the package, under one name')
  const readme = fs.readFileSync(path.join(EXAMPLES, 'redis', 'README.md'), 'utf8')
  assert.ok(readme.includes(`"express-session": "npm:express-session-rs@^${ours.version}"`))
  assert.ok(readme.includes('"express-session": "$express-session"'))
})

test('redis (express-session aliased to express-session-rs): sessions live in Redis under the prefix and survive a restart', async (t) => {
  const client = await services.connectRedis()
  if (services.skipIfMissing(t, client, 'Redis')) return
  const prefix = services.uniqueName('example') + ':'
  const env = exampleEnv({ REDIS_URL: services.REDIS_URL, SESSION_PREFIX: prefix })
  const script = path.join(EXAMPLES, 'redis', 'app.js')
  const alias = ['--require', path.join(links, 'alias-express-session.js')]
  try {
    let app = await startApp({ args: [...alias, script], env })
    assert.match(app.output(), /\[alias\] express-session -> express-session-rs/, 'connect-redis loaded express-session-rs')
    const user = browser(app.origin)
    assert.match(textOf(await user.get('/')), /^you viewed this page 1 times \(session .{8}… is stored in Redis\)$/)
    assert.match(textOf(await user.get('/')), /^you viewed this page 2 times/)
    const sid = sessionIdOf(user.cookie)
    assert.deepEqual(await services.redisKeys(client, prefix), [prefix + sid])
    const stored = JSON.parse(await client.get(prefix + sid))
    assert.equal(stored.views, 2)
    // Read back through the maxAge getter when the Cookie is made, as express-session does:
    // a millisecond can pass in between.
    assert.ok(stored.cookie.originalMaxAge > 86399000 && stored.cookie.originalMaxAge <= 86400000, `originalMaxAge ${stored.cookie.originalMaxAge}`)
    const ttl = await client.ttl(prefix + sid)
    assert.ok(ttl > 86000 && ttl <= 86400, `TTL from the cookie's maxAge: ${ttl}`)

    // A request without a session stores nothing (saveUninitialized: false)...
    const probe = await request(app.origin, 'GET', '/logout')
    assert.equal(probe.status, 200)
    assert.deepEqual(await services.redisKeys(client, prefix), [prefix + sid])

    // ...and a restarted app (a new process, empty memory) still knows the session.
    await app.stop()
    app = await startApp({ args: [...alias, script], env })
    const again = browser(app.origin)
    again.cookie = user.cookie
    assert.match(textOf(await again.get('/')), /^you viewed this page 3 times/)
    assert.equal(JSON.parse(await client.get(prefix + sid)).views, 3)

    assert.equal(textOf(await again.get('/logout')), 'session destroyed')
    assert.deepEqual(await services.redisKeys(client, prefix), [], 'destroy removes the key')
    await app.stop()
    const { code, signal } = await app.exited
    assert.ok(code === 0 || signal === 'SIGTERM', `stops cleanly on SIGTERM (exit ${code ?? signal})\n${app.output()}`)
  } finally {
    await services.deleteRedisKeys(client, prefix)
    client.destroy()
  }
})

test('postgres: sessions live in the table it creates and survive a restart', async (t) => {
  const pool = await services.connectPostgres()
  if (services.skipIfMissing(t, pool, 'PostgreSQL')) return
  // connect-pg-simple's table.sql names its primary key "session_pkey" and its index
  // "IDX_session_expire" whatever the table is called, so a table of our own is created in
  // a schema of our own (set as search_path on the example's connection).
  const schema = services.uniqueName('example')
  const table = services.uniqueName('session')
  const url = new URL(services.DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const env = exampleEnv({ DATABASE_URL: url.href, SESSION_TABLE: table })
  const script = path.join(EXAMPLES, 'postgres', 'app.js')
  const rows = async () => (await pool.query(`SELECT sid, sess, expire FROM "${schema}"."${table}" ORDER BY sid`)).rows
  try {
    await pool.query(`CREATE SCHEMA "${schema}"`)
    let app = await startApp({ args: [script], env })
    const user = browser(app.origin)
    assert.match(textOf(await user.get('/')), /^you viewed this page 1 times \(session .{8}… is stored in PostgreSQL\)$/)
    assert.match(textOf(await user.get('/')), /^you viewed this page 2 times/)
    const sid = sessionIdOf(user.cookie)
    let stored = await rows()
    assert.deepEqual(stored.map((r) => r.sid), [sid], 'the table was created and holds the session')
    assert.equal(stored[0].sess.views, 2)
    const expire = new Date(stored[0].expire).getTime()
    assert.ok(Math.abs(expire - (Date.now() + 86400e3)) < 3600e3 * 24, `expiry from maxAge: ${stored[0].expire}`)

    await app.stop()
    app = await startApp({ args: [script], env })
    const again = browser(app.origin)
    again.cookie = user.cookie
    assert.match(textOf(await again.get('/')), /^you viewed this page 3 times/)
    stored = await rows()
    assert.equal(stored[0].sess.views, 3)

    assert.equal(textOf(await again.get('/logout')), 'session destroyed')
    assert.deepEqual(await rows(), [], 'destroy deletes the row')
    await app.stop()
    const { code, signal } = await app.exited
    assert.ok(code === 0 || signal === 'SIGTERM', `stops cleanly on SIGTERM (exit ${code ?? signal})\n${app.output()}`)
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {})
    await pool.end()
  }
})

// ---------------------------------------------------------------------------------------
// TypeScript

function runTsc (args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, ...args], { cwd: ROOT, timeout: TSC_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? err.signal) : 0, output: stdout + stderr }))
  })
}

// The two tsc runs, in parallel: a compile to a temporary directory (the same type-check as
// `tsc -p examples/typescript --noEmit`, plus the output), and a check that misusing a
// declared session field is a type error (so that req.session is really typed from
// SessionData, not `any`).
async function startTypeScriptBuilds () {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-ts-example-'))
  const negativeDir = fs.mkdtempSync(path.join(EXAMPLES, 'typescript', '.typecheck-'))
  fs.writeFileSync(path.join(negativeDir, 'tsconfig.json'), JSON.stringify({
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true },
    files: ['../app.ts', 'misuse.ts']
  }))
  fs.writeFileSync(path.join(negativeDir, 'misuse.ts'), [
    "import type { Request } from 'express'",
    'export function misuse (req: Request): void {',
    "  req.session.views = 'many'",
    '  req.session.notDeclared = 1',
    '  req.session.user = 42',
    '}',
    ''
  ].join('\n'))
  const [build, misuse] = await Promise.all([
    runTsc(['-p', 'examples/typescript', '--outDir', outDir]),
    runTsc(['-p', path.relative(ROOT, negativeDir)])
  ])
  return {
    build,
    misuse,
    outDir,
    cleanup () {
      fs.rmSync(outDir, { recursive: true, force: true })
      fs.rmSync(negativeDir, { recursive: true, force: true })
    }
  }
}

test('typescript: type-checks, rejects misused session fields, compiles and runs', async () => {
  const { build, misuse, outDir } = await tscResults
  assert.equal(build.code, 0, `tsc -p examples/typescript --outDir …:\n${build.output}`)
  assert.ok(fs.existsSync(path.join(outDir, 'app.js')), 'compiled to the temporary directory')

  const errors = misuse.output.split('\n').filter((l) => /error TS\d+/.test(l)).map((l) => {
    const m = /misuse\.ts\((\d+),\d+\): error (TS\d+)/.exec(l)
    return m ? `${m[1]} ${m[2]}` : l
  })
  assert.deepEqual(errors, ['3 TS2322', '4 TS2339', '5 TS2322'],
    `SessionData fields are typed (wrong type, undeclared field, wrong type):\n${misuse.output}`)

  // The compiled JavaScript, run like the other examples (NODE_PATH also finds express, as
  // the output directory is outside the repository).
  const app = await startApp({
    args: [path.join(outDir, 'app.js')],
    env: exampleEnv({ NODE_PATH: [links, path.join(ROOT, 'node_modules')].join(path.delimiter) })
  })
  try {
    const user = browser(app.origin)
    const home = await user.get('/')
    assert.match(textOf(home), /^not logged in<br>views here: 1<br>cookie expires: \d{4}-\d\d-\d\dT/)
    const setCookie = home.setCookies.find((h) => h.startsWith('connect.sid='))
    assert.match(setCookie, /; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/)
    await user.get('/')
    let state = (await user.get('/views')).json
    assert.deepEqual(state.views, { '/': 2, '/views': 1 })
    assert.equal(state.id, sessionIdOf(user.cookie))

    const before = user.cookie
    const login = await user.post('/login', { user: 'carol' })
    assert.equal(login.status, 302)
    assert.notEqual(sessionIdOf(user.cookie), sessionIdOf(before))
    assert.match(textOf(await user.get('/')), /^hello, carol! <a href="\/logout">Logout<\/a>/)
    state = (await user.get('/views')).json
    assert.equal(state.user, 'carol')
    assert.deepEqual(state.views, { '/': 1, '/views': 1 }, 'a new session: the counts start again')

    const loggedIn = user.cookie
    assert.equal((await user.get('/logout')).status, 302)
    assert.notEqual(sessionIdOf(user.cookie), sessionIdOf(loggedIn))
    assert.equal((await user.get('/views')).json.user, null)
  } finally {
    await app.stop()
  }
})
