'use strict'

// `npm run bench`: the whole suite, one part after another so they don't compete for
// the two cores — the micro benchmark, the HTTP benchmark and the MemoryStore benchmark.
// Extra arguments go to the HTTP benchmark (e.g. `npm run bench -- --rounds 5`).

const { spawnSync } = require('child_process')
const fs = require('fs')
const path = require('path')

const parts = [
  ['micro.js'],
  ['http.js', ...process.argv.slice(2)],
  ['memory-store.js']
]

let failed = false
for (const [script, ...args] of parts) {
  const file = path.join(__dirname, script)
  if (!fs.existsSync(file)) continue
  console.log(`\n## node benchmark/${script} ${args.join(' ')}\n`)
  const result = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' })
  if (result.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
