'use strict'

// What a release ships: the tarballs `npm run package` writes. The main package carries the
// JavaScript, the loader, the types, README, CHANGELOG, the licence and package.json, and nothing
// else: no tests, benchmarks, examples, scripts, Rust sources or .node file. The binary comes
// through the platform package (npm/linux-x64-gnu), which the main package pulls in as an
// optional dependency.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const os = require('node:os')
const { execFile, execFileSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..')
const PLATFORM_DIR = path.join(ROOT, 'npm', 'linux-x64-gnu')
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))

// `npm run package` into a temporary folder, once: the tarballs, their file lists and the
// main package's package.json as published.
let packaged
function packageOnce () {
  packaged = packaged || new Promise((resolve, reject) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-dist-'))
    execFile(process.execPath, [path.join(ROOT, 'scripts', 'package.js'), out], {
      cwd: ROOT,
      timeout: 120000,
      killSignal: 'SIGKILL',
      env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }
    }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`npm run package failed: ${err.message}\n${stderr}`))
      const tarballs = {}
      for (const file of fs.readdirSync(out)) {
        const list = execFileSync('tar', ['tzf', path.join(out, file)], { encoding: 'utf8' })
        const manifest = JSON.parse(execFileSync('tar', ['xzOf', path.join(out, file), 'package/package.json'], { encoding: 'utf8' }))
        tarballs[file] = { manifest, files: list.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')) }
      }
      fs.rmSync(out, { recursive: true, force: true })
      resolve({ stdout, tarballs })
    })
  })
  return packaged
}

async function mainPackage () {
  const { tarballs } = await packageOnce()
  return tarballs[`${pkg.name}-${pkg.version}.tgz`]
}

test('npm run package writes the main package and the linux-x64-gnu platform package', async () => {
  const { tarballs, stdout } = await packageOnce()
  assert.deepEqual(Object.keys(tarballs).sort(), [`${pkg.name}-${pkg.version}.tgz`, `${pkg.name}-linux-x64-gnu-${pkg.version}.tgz`])
  assert.match(stdout, /npm install .*\*\.tgz/)
})

test('the main package ships exactly the JS shim, the loader, the types, README.md, CHANGELOG.md, LICENSE and package.json', async () => {
  const { manifest, files } = await mainPackage()
  assert.equal(manifest.name, 'express-session-rs')
  assert.equal(manifest.version, pkg.version)
  const libFiles = fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true })
    .filter((name) => !fs.statSync(path.join(ROOT, 'lib', name)).isDirectory())
    .map((name) => 'lib/' + name.split(path.sep).join('/'))
  assert.ok(libFiles.length > 0 && libFiles.every((f) => f.endsWith('.js')), `lib/ holds only .js files: ${libFiles}`)
  const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'binding.js', 'index.d.ts', 'index.js', 'package.json', ...libFiles].sort()
  assert.deepEqual(files.sort(), expected)
})

test('the published package.json runs nothing on install and says where the project lives', async () => {
  const { manifest } = await mainPackage()
  assert.equal(manifest.scripts, undefined, 'no prepare, install or any other script')
  assert.equal(manifest.devDependencies, undefined)
  assert.deepEqual(manifest.engines, { node: '>= 20' })
  assert.match(manifest.repository.url, /^git\+https:\/\/github\.com\/.+\.git$/)
  assert.match(manifest.bugs.url, /\/issues$/)
  assert.match(manifest.homepage, /^https:\/\//)
  assert.match(manifest.peerDependencies['@types/express'], /\^4.*\^5/)
  assert.deepEqual(manifest.peerDependenciesMeta, { '@types/express': { optional: true } })
  assert.deepEqual(manifest.optionalDependencies, { [`${pkg.name}-linux-x64-gnu`]: pkg.version })
})

test('every supported Node version satisfies the engines of the package and its dependencies', async () => {
  const { manifest } = await mainPackage()
  const ranges = [manifest.engines.node]
  for (const name of Object.keys(manifest.dependencies)) {
    const dep = JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8'))
    if (dep.engines && dep.engines.node) ranges.push(dep.engines.node)
  }
  // Each range here is ">= N" or ">= N.M.P" (debug 2.6.9 declares none).
  for (const range of ranges) {
    const match = /^>=\s*(\d+)(?:\.\d+)*$/.exec(range)
    assert.ok(match, `an engines range this test does not read: ${range}`)
    for (const major of [20, 22, 24, 26]) assert.ok(major >= Number(match[1]), `Node ${major} is outside ${range}`)
  }
})

test('the published entry points are packed, with everything they require', async () => {
  const { files } = await mainPackage()
  assert.equal(pkg.main, 'index.js')
  assert.equal(pkg.types, 'index.d.ts')
  assert.ok(files.includes(pkg.main) && files.includes(pkg.types))
  // index.d.ts stands alone: it does not need the generated binding.d.ts.
  const types = fs.readFileSync(path.join(ROOT, 'index.d.ts'), 'utf8')
  assert.doesNotMatch(types, /['"]\.\/binding(\.d\.ts|\.js)?['"]|reference path=/)
  // Everything the shim requires locally is packed.
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8')
    for (const [, spec] of source.matchAll(/require\(['"](\.{1,2}\/[^'"]+)['"]\)/g)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec))
      const candidates = [target, target + '.js', path.join(target, 'index.js')]
      assert.ok(candidates.some((c) => files.includes(c)), `${file} requires ${spec}, which is not packed`)
    }
  }
  // Runtime dependencies are declared (nothing comes from devDependencies).
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8')
    for (const [, spec] of source.matchAll(/require\(['"]([^./'"][^'"]*)['"]\)/g)) {
      if (spec.startsWith('node:') || require('node:module').builtinModules.includes(spec)) continue
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
      if (name === `${pkg.name}-linux-x64-gnu` || /^express-session-rs-/.test(name)) continue // platform packages
      assert.ok(pkg.dependencies && name in pkg.dependencies, `${file} requires '${name}', which is not in dependencies`)
    }
  }
})

test('the binary comes through the linux-x64-gnu platform package', async () => {
  const platform = JSON.parse(fs.readFileSync(path.join(PLATFORM_DIR, 'package.json'), 'utf8'))
  const binary = `${pkg.napi.binaryName}.linux-x64-gnu.node`
  assert.equal(platform.name, `${pkg.name}-linux-x64-gnu`)
  assert.equal(platform.version, pkg.version, 'released together')
  assert.equal(platform.main, binary)
  assert.deepEqual(platform.files, [binary])
  assert.deepEqual([platform.os, platform.cpu, platform.libc], [['linux'], ['x64'], ['glibc']])

  // The packed platform package holds the binary and nothing else.
  const { tarballs } = await packageOnce()
  const packed = tarballs[`${platform.name}-${pkg.version}.tgz`]
  assert.deepEqual(packed.files.sort(), ['README.md', binary, 'package.json'].sort())
  assert.deepEqual(packed.manifest, platform)
})
