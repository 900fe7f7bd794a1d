'use strict'

// `npm test`: every test file under __test__/, one file at a time, on the Node running this
// script. (Node 22 and later read a bare directory argument of `node --test` as a file, so the
// files are listed here.) Extra arguments go to `node --test`, e.g. `npm test -- --test-name-pattern=cookie`.
// On another Node major than the one npm installed with: `<that node> scripts/run-tests.js`
// (better-sqlite3's addon is then built for it once; see better-sqlite3-binding.js).

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { betterSqlite3Binding } = require('./better-sqlite3-binding')

const root = path.join(__dirname, '..', '__test__')

function testFiles (dir) {
  const files = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...testFiles(file))
    else if (entry.name.endsWith('.test.js')) files.push(file)
  }
  return files.sort()
}

const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2), ...testFiles(root)]
console.log(`node ${process.version}: ${args.length - 3 - process.argv.slice(2).length} test files`)
const env = { ...process.env }
const sqliteBinding = betterSqlite3Binding(process.execPath)
if (sqliteBinding) env.BETTER_SQLITE3_BINDING = sqliteBinding
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env })
process.exit(result.status === null ? 1 : result.status)
