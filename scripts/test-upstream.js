'use strict'

// Runs the upstream express-session test corpus against this package.
//
//   npm run test:upstream -- <path to express-session checkout>
//
// Env:
//   UPSTREAM_TARGET    package under test (default: this repository)
//   KEEP_UPSTREAM_TMP  set to 1 to keep the temporary directory
//
// The corpus is copied, unmodified, into a temporary directory whose
// index.js and session/*.js re-export the package under test, so the
// corpus' relative requires ('../', '../../', '../session/cookie') load it.

const crypto = require('crypto')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync } = require('child_process')

const OVERALL_TIMEOUT_MS = 10 * 60 * 1000
const TEST_DEPS = ['after', 'cookie-parser', 'express', 'mocha', 'supertest']
const SHIMS = {
  'index.js': '',
  'session/cookie.js': '.Cookie',
  'session/session.js': '.Session',
  'session/store.js': '.Store',
  'session/memory.js': '.MemoryStore'
}

const deadline = Date.now() + OVERALL_TIMEOUT_MS

function usage (problem) {
  console.error(problem)
  console.error('usage: npm run test:upstream -- <path to express-session checkout>')
  process.exit(2)
}

function parseArgs () {
  if (!process.argv[2]) usage('error: missing express-session checkout path')
  const checkout = path.resolve(process.argv[2])
  if (!fs.existsSync(path.join(checkout, 'test', 'session.js'))) {
    usage(`error: ${checkout}/test/session.js not found; not an express-session checkout?`)
  }
  const target = path.resolve(process.env.UPSTREAM_TARGET || path.join(__dirname, '..'))
  try {
    require.resolve(target)
  } catch (err) {
    usage(`error: package under test ${target} cannot be loaded (${err.code}); build it first`)
  }
  return { checkout, target }
}

// { name: exactVersion } for the devDependencies the corpus requires.
function readTestDeps (checkout) {
  const pkg = JSON.parse(fs.readFileSync(path.join(checkout, 'package.json'), 'utf8'))
  const devDeps = pkg.devDependencies || {}
  const deps = {}
  for (const name of TEST_DEPS) {
    if (!devDeps[name]) throw new Error(`${checkout}/package.json has no devDependency ${name}`)
    deps[name] = devDeps[name]
  }
  return deps
}

// Spawns synchronously; the child is killed at the overall deadline.
// With quiet, its output is shown only when it fails.
function run (cmd, args, cwd, { quiet = false } = {}) {
  const remaining = deadline - Date.now()
  if (remaining <= 0) throw new Error('overall timeout reached')
  const stdio = quiet ? 'pipe' : 'inherit'
  const result = spawnSync(cmd, args, { cwd, stdio, timeout: remaining, killSignal: 'SIGKILL' })
  if (quiet && result.status !== 0) {
    process.stderr.write(result.stdout || '')
    process.stderr.write(result.stderr || '')
  }
  if (result.error && result.error.code === 'ETIMEDOUT') {
    throw new Error(`overall timeout (${OVERALL_TIMEOUT_MS / 60000} min) reached while running ${cmd}`)
  }
  if (result.error) throw result.error
  return result.status === null ? 1 : result.status
}

function writePackageJson (dir, name) {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true }) + '\n')
}

// Installs the deps once into a cache directory keyed by their versions and
// returns its node_modules. The install goes to a staging directory that is
// renamed into place, so a present cache directory is always complete.
function ensureCachedDeps (deps) {
  const key = crypto.createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 16)
  const cacheDir = path.join(os.tmpdir(), `express-session-rs-upstream-deps-${key}`)
  if (fs.existsSync(cacheDir)) {
    console.log(`using cached test dependencies in ${cacheDir}`)
    return path.join(cacheDir, 'node_modules')
  }

  const staging = fs.mkdtempSync(`${cacheDir}.staging-`)
  try {
    writePackageJson(staging, 'express-session-upstream-deps')
    const specs = Object.entries(deps).map(([name, version]) => `${name}@${version}`)
    console.log(`installing ${specs.join(' ')} into ${cacheDir}`)
    const status = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...specs], staging)
    if (status !== 0) throw new Error(`npm install failed (exit ${status})`)
    fs.renameSync(staging, cacheDir)
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true })
    if (!fs.existsSync(cacheDir)) throw err // else a concurrent run filled the cache
  }
  return path.join(cacheDir, 'node_modules')
}

function writeShims (tmp, target) {
  for (const [file, property] of Object.entries(SHIMS)) {
    const dest = path.join(tmp, file)
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    fs.writeFileSync(dest, `module.exports = require(${JSON.stringify(target)})${property}\n`)
  }
}

// A Spec reporter that also records the run's counts as JSON for this script.
function writeCountingReporter (tmp, countsFile) {
  const file = path.join(tmp, 'counting-reporter.js')
  fs.writeFileSync(file, [
    "'use strict'",
    "const fs = require('fs')",
    "const Spec = require('mocha').reporters.Spec",
    'module.exports = class CountingSpec extends Spec {',
    '  constructor (runner, options) {',
    '    super(runner, options)',
    "    runner.once('end', () => {",
    '      const { passes, failures, pending } = runner.stats',
    `      fs.writeFileSync(${JSON.stringify(countsFile)}, JSON.stringify({ passes, failures, pending }))`,
    '    })',
    '  }',
    '}',
    ''
  ].join('\n'))
  return file
}

function prepareTmp (checkout, target, nodeModules) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'express-session-rs-upstream-'))
  writePackageJson(tmp, 'express-session-upstream-tests')
  writeShims(tmp, target)
  fs.cpSync(path.join(checkout, 'test'), path.join(tmp, 'test'), { recursive: true })
  fs.symlinkSync(nodeModules, path.join(tmp, 'node_modules'), 'dir')
  return tmp
}

function generateCert (tmp) {
  const status = run('sh', ['test/support/gencert.sh'], tmp, { quiet: true })
  if (status !== 0) throw new Error(`gencert.sh failed (exit ${status})`)
}

// Returns mocha's exit status and { passes, failures, pending }.
function runMocha (tmp) {
  const countsFile = path.join(tmp, 'counts.json')
  const reporter = writeCountingReporter(tmp, countsFile)
  const mocha = path.join(tmp, 'node_modules', 'mocha', 'bin', 'mocha.js')
  const status = run(process.execPath, [mocha, '--require', 'test/support/env', '--check-leaks',
    '--no-exit', '--reporter', reporter, 'test/'], tmp)
  if (!fs.existsSync(countsFile)) throw new Error(`mocha exited (${status}) without finishing the run`)
  return { status, counts: JSON.parse(fs.readFileSync(countsFile, 'utf8')) }
}

function summary ({ passes, failures, pending }) {
  return `${passes} passed, ${failures} failed` + (pending > 0 ? `, ${pending} skipped` : '')
}

function main () {
  const { checkout, target } = parseArgs()
  console.log(`upstream corpus: ${checkout}\npackage under test: ${target}`)
  let tmp
  let result = { status: 1, counts: { passes: 0, failures: 0, pending: 0 } }
  try {
    const nodeModules = ensureCachedDeps(readTestDeps(checkout))
    tmp = prepareTmp(checkout, target, nodeModules)
    generateCert(tmp)
    result = runMocha(tmp)
    // a non-zero status without failing tests means e.g. a crash after the run
    if (result.status !== 0 && result.counts.failures === 0) console.error(`error: mocha exited with status ${result.status}`)
  } catch (err) {
    console.error(`error: ${err.message}`)
  } finally {
    if (tmp && process.env.KEEP_UPSTREAM_TMP === '1') console.log(`kept ${tmp}`)
    else if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  }
  const { status, counts } = result
  console.log(summary(counts))
  process.exit(status === 0 && counts.failures === 0 && counts.passes > 0 ? 0 : 1)
}

main()
