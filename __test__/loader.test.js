'use strict'

// binding.js finds the native binary (the platform package first, then a build in the package
// folder) or throws one error that names the platform, lists the platforms with prebuilt
// binaries and says what to install. `scripts/build.js --install` (the `prepare` of a git or
// folder install) builds only when no prebuilt binary is installed, and without cargo says why
// it cannot. Each case runs on a copy of the package's JavaScript in a temporary folder.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { platformName } = require('../lib/platform')

const ROOT = path.join(__dirname, '..')
const PLATFORM = platformName()
const BINARY = path.join(ROOT, `express-session-rs.${PLATFORM}.node`)

function copyPackage (t, { optionalPlatforms = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-loader-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  for (const entry of ['binding.js', 'lib', 'scripts']) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true })
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  pkg.optionalDependencies = Object.fromEntries(optionalPlatforms.map((p) => [`express-session-rs-${p}`, pkg.version]))
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg))
  return dir
}

function addPlatformPackage (dir, binaryContent) {
  const target = path.join(dir, 'node_modules', `express-session-rs-${PLATFORM}`)
  fs.mkdirSync(target, { recursive: true })
  const main = `express-session-rs.${PLATFORM}.node`
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ name: `express-session-rs-${PLATFORM}`, main }))
  if (binaryContent === undefined) fs.copyFileSync(BINARY, path.join(target, main))
  else fs.writeFileSync(path.join(target, main), binaryContent)
}

function run (dir, args, env = {}) {
  return spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30000 })
}

function loadError (dir) {
  const result = run(dir, ['-e', "try { require('./binding.js'); console.log('loaded') } catch (e) { console.log(e.code); console.log(e.message) }"])
  assert.equal(result.status, 0, result.stderr)
  return result.stdout
}

test('loads the platform package when it is installed', (t) => {
  const dir = copyPackage(t, { optionalPlatforms: [PLATFORM] })
  addPlatformPackage(dir)
  const result = run(dir, ['-e', "console.log(typeof require('./binding.js').generateSessionId())"])
  assert.equal(result.stdout.trim(), 'string', result.stderr)
})

test('loads a build in the package folder', (t) => {
  const dir = copyPackage(t)
  fs.copyFileSync(BINARY, path.join(dir, path.basename(BINARY)))
  const result = run(dir, ['-e', "console.log(typeof require('./binding.js').generateSessionId())"])
  assert.equal(result.stdout.trim(), 'string', result.stderr)
})

test('a supported platform without its platform package: one error saying to install it', (t) => {
  const dir = copyPackage(t, { optionalPlatforms: [PLATFORM, 'darwin-arm64'] })
  const out = loadError(dir)
  assert.match(out, /^ERR_EXPRESS_SESSION_RS_NO_BINARY\n/)
  assert.ok(out.includes(`has no native binary for this machine: ${PLATFORM} (`), out)
  assert.ok(out.includes(`Node ${process.version}`), out)
  assert.ok(out.includes(`Platforms with prebuilt binaries: ${PLATFORM}, darwin-arm64.`), out)
  assert.ok(out.includes(`the package express-session-rs-${PLATFORM}: not installed`), out)
  assert.ok(out.includes(`Install express-session-rs-${PLATFORM} with it`), out)
  assert.ok(out.includes('--omit=optional'), out)
  assert.doesNotMatch(out, /npm has a bug|wasm32|wasi/i)
})

test('a platform without prebuilt binaries: the error says to build from source with Rust', (t) => {
  const dir = copyPackage(t, { optionalPlatforms: ['darwin-arm64'] })
  const out = loadError(dir)
  assert.ok(out.includes('Platforms with prebuilt binaries: darwin-arm64.'), out)
  assert.ok(out.includes('Build it from source, which needs Rust (https://rustup.rs)'), out)
  assert.doesNotMatch(out, /npm has a bug|wasm32|wasi/i)
})

test('a source copy without a build: no prebuilt binaries, build from source', (t) => {
  const dir = copyPackage(t)
  const out = loadError(dir)
  assert.ok(out.includes('Platforms with prebuilt binaries: none in this copy, which was installed from source.'), out)
  assert.ok(out.includes('Build it from source'), out)
})

test('a platform package whose binary cannot be loaded: the error carries the reason', (t) => {
  const dir = copyPackage(t, { optionalPlatforms: [PLATFORM] })
  addPlatformPackage(dir, 'not an ELF file')
  const out = loadError(dir)
  assert.match(out, new RegExp(`the package express-session-rs-${PLATFORM}: .*(invalid ELF header|file too short)`))
})

// As after npm installed the copy's dependencies (build.js --install checks for them first).
function linkDependencies (dir) {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true })
  for (const name of Object.keys(require('../package.json').dependencies)) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir')
  }
}

test('installing a linked source folder without its dependencies says to use --install-links', (t) => {
  const dir = copyPackage(t)
  const result = run(dir, ['scripts/build.js', '--install'], { PATH: NO_CARGO_PATH, npm_config_install_links: '' })
  assert.equal(result.status, 1)
  assert.ok(result.stderr.includes(`npm install --install-links ${dir}`), result.stderr)
})

const NO_CARGO_PATH = `${path.dirname(process.execPath)}:/usr/bin:/bin`

test('installing a source copy without cargo and without a binary fails with what to install', (t) => {
  const cargoOnPath = spawnSync('sh', ['-c', 'command -v cargo'], { env: { PATH: NO_CARGO_PATH } })
  assert.notEqual(cargoOnPath.status, 0, `this test needs cargo to be outside ${NO_CARGO_PATH}`)
  const dir = copyPackage(t)
  linkDependencies(dir)
  const result = run(dir, ['scripts/build.js', '--install'], { PATH: NO_CARGO_PATH })
  assert.equal(result.status, 1)
  assert.ok(result.stderr.includes(`cannot install on ${PLATFORM}`), result.stderr)
  assert.ok(result.stderr.includes('no `cargo` on PATH'), result.stderr)
  assert.ok(result.stderr.includes('https://rustup.rs'), result.stderr)
})

test('installing a source copy with the platform package present builds nothing', (t) => {
  const dir = copyPackage(t, { optionalPlatforms: [PLATFORM] })
  addPlatformPackage(dir)
  linkDependencies(dir)
  const result = run(dir, ['scripts/build.js', '--install'], { PATH: NO_CARGO_PATH })
  assert.equal(result.status, 0, result.stderr)
  assert.equal(result.stdout + result.stderr, '')
})
