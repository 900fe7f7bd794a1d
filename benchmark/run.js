'use strict'

// `npm run bench`: the whole suite, one part after another so they don't compete for
// the two cores — the micro benchmark, the HTTP benchmark and the MemoryStore benchmark.
// `--node all` (or a list of majors or binaries) runs each part on each of those Node
// versions and draws the HTTP chart; other extra arguments go to the HTTP benchmark
// (e.g. `npm run bench -- --node 26,24 --rounds 5`).

const { spawnSync } = require('child_process')
const path = require('path')
const { takeNodeOption } = require('./per-node')

const argv = process.argv.slice(2)
const node = takeNodeOption(argv)
const nodeArgs = node === undefined ? [] : ['--node', node]

const parts = [
  ['micro.js', ...nodeArgs],
  ['http.js', ...nodeArgs, ...argv],
  ['memory-store.js', ...nodeArgs]
]

let failed = false
for (const [script, ...args] of parts) {
  console.log(`\n## node benchmark/${script} ${args.join(' ')}\n`)
  const result = spawnSync(process.execPath, [path.join(__dirname, script), ...args], { stdio: 'inherit' })
  if (result.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
