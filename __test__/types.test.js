'use strict'

// index.d.ts, checked by the TypeScript compiler the way applications use it: the project
// in __test__/types/ (strict, noEmit) must compile without a single error. It holds a
// typical app (app.ts), third-party stores typed against express-session (stores.ts), and
// misuse that must be rejected (errors.ts, every line under `@ts-expect-error`).

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const PROJECT = path.join(__dirname, 'types', 'tsconfig.json')

test('index.d.ts type-checks a typical app and rejects misuse (tsc --strict --noEmit)', { timeout: 120_000 }, async () => {
  const result = await new Promise((resolve) => {
    execFile(process.execPath, [TSC, '-p', PROJECT, '--pretty', 'false'], { cwd: ROOT, timeout: 110_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? err.signal) : 0, output: `${stdout}${stderr}`.trim() })
    })
  })
  assert.equal(result.code, 0, `tsc -p ${path.relative(ROOT, PROJECT)} failed:\n${result.output}`)
})
