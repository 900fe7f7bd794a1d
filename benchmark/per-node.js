'use strict'

// `--node <list>` for every benchmark script: "all" (26, 24, 22, 20), a comma-separated
// list of majors, "current", or paths to node binaries. When given, the script runs once
// under each of those binaries, one after the other, and the process exits with the worst
// status; without it the script runs under the Node that started it.

const { spawnSync } = require('node:child_process')
const { nodeBinaries } = require('../scripts/node-binary')

// Takes `--node X` / `--node=X` out of argv; returns X or undefined.
function takeNodeOption (argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node') return argv.splice(i, 2)[1]
    if (argv[i].startsWith('--node=')) return argv.splice(i, 1)[0].slice('--node='.length)
  }
  return undefined
}

// Runs `script` under each requested binary and returns true, or returns false when the
// caller should run here. Either way --node is taken out of process.argv, so that the
// caller's own argument parser does not see it.
function runPerNode (script) {
  const list = takeNodeOption(process.argv)
  if (list === undefined) return false
  const argv = process.argv.slice(2)
  let status = 0
  for (const { binary } of nodeBinaries(list)) {
    const version = spawnSync(binary, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim()
    console.log(`\n### Node ${version} (${binary})\n`)
    const result = spawnSync(binary, [script, ...argv], { stdio: 'inherit' })
    status = Math.max(status, result.status === null ? 1 : result.status)
  }
  process.exitCode = status
  return true
}

module.exports = { runPerNode, takeNodeOption }
