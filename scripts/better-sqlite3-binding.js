'use strict'

// better-sqlite3 (a devDependency, for the third-party store tests) ships a native addon
// built by `npm install` for the Node that ran it. To run the tests on another Node major,
// this builds the addon for that Node's ABI, once, into
// ~/.cache/express-session-rs/better-sqlite3/<version>-abi<modules>/, from the installed
// package's own sources with npm's node-gyp and the headers the official Node build carries.
// The tests pass the result to better-sqlite3 as its `nativeBinding` option
// (__test__/support/sqlite-database.js reads it from BETTER_SQLITE3_BINDING).

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.join(__dirname, '..')

function loadsAsInstalled (nodeBinary) {
  const probe = "new (require('better-sqlite3'))(':memory:').close()"
  return spawnSync(nodeBinary, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0
}

function npmNodeGyp () {
  const candidates = []
  if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
  const globalPrefix = execFileSync('npm', ['prefix', '-g'], { encoding: 'utf8' }).trim()
  candidates.push(path.join(globalPrefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'))
  const found = candidates.find((file) => fs.existsSync(file))
  if (!found) throw new Error(`npm's node-gyp not found (looked at ${candidates.join(', ')})`)
  return found
}

function buildFor (nodeBinary, target) {
  const packageDir = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }))
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-better-sqlite3-'))
  try {
    const copy = path.join(work, 'better-sqlite3')
    fs.cpSync(packageDir, copy, { recursive: true, filter: (source) => !source.startsWith(path.join(packageDir, 'build')) })
    // The official build's folder (bin/node's parent's parent) holds include/node: its headers.
    const nodeDir = path.dirname(path.dirname(nodeBinary))
    const env = { ...process.env, PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH}` }
    console.error(`building better-sqlite3's addon for ${nodeBinary} (once, cached in ${path.dirname(target)})`)
    execFileSync(nodeBinary, [npmNodeGyp(), 'rebuild', '--release', `--nodedir=${nodeDir}`, `-j${Math.max(1, os.cpus().length)}`], { cwd: copy, env, stdio: ['ignore', 'ignore', 'inherit'] })
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.copyFileSync(path.join(copy, 'build', 'Release', 'better_sqlite3.node'), target)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

// The addon path for `nodeBinary`, or undefined when the installed one already loads there.
function betterSqlite3Binding (nodeBinary = process.execPath) {
  if (loadsAsInstalled(nodeBinary)) return undefined
  const { version } = require('better-sqlite3/package.json')
  const abi = execFileSync(nodeBinary, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim()
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  const target = path.join(cache, 'express-session-rs', 'better-sqlite3', `${version}-abi${abi}`, 'better_sqlite3.node')
  if (!fs.existsSync(target)) buildFor(nodeBinary, target)
  return target
}

module.exports = { betterSqlite3Binding }
