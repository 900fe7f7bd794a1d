'use strict'

// `npm run package`: writes the release artifacts to dist/ (or the folder given as the first
// argument) in napi-rs's layout: the main package, and one platform package per built binary
// (npm/<platform>/package.json + express-session-rs.<platform>.node), which the main package
// names as optional dependencies so that npm installs the one matching the machine.
//
// A binary is taken from npm/<platform>/ (where a release job puts the binaries of other
// platforms) or from the checkout's own build (`npm run build`). The main package.json is
// the checkout's without what only the checkout needs: scripts (no `prepare` runs on the
// user's machine), devDependencies, and the napi and allowScripts settings.

const { execFileSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { BINARY_NAME, ROOT, platformPackage, localBinary } = require('../lib/platform')

const out = path.resolve(process.argv[2] || path.join(ROOT, 'dist'))
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))

function pack (dir) {
  const json = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }
  })
  return path.join(out, JSON.parse(json)[0].filename)
}

function writeJson (file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n')
}

function stagePlatform (staging, platform) {
  const dir = path.join(ROOT, 'npm', platform)
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  if (manifest.name !== platformPackage(platform) || manifest.version !== pkg.version) {
    throw new Error(`npm/${platform}/package.json must be ${platformPackage(platform)}@${pkg.version}, is ${manifest.name}@${manifest.version}`)
  }
  const binaryName = `${BINARY_NAME}.${platform}.node`
  const binary = [path.join(dir, binaryName), localBinary(platform)].find((file) => fs.existsSync(file))
  if (!binary) return undefined
  const target = path.join(staging, platform)
  fs.mkdirSync(target)
  for (const file of fs.readdirSync(dir).filter((f) => !f.endsWith('.node'))) {
    fs.copyFileSync(path.join(dir, file), path.join(target, file))
  }
  fs.copyFileSync(binary, path.join(target, binaryName))
  return target
}

function stageMain (staging, platforms) {
  const target = path.join(staging, 'main')
  fs.mkdirSync(target)
  const entries = pkg.files.filter((entry) => !entry.endsWith('.node')).concat(['README.md', 'LICENSE'])
  for (const entry of entries) {
    fs.cpSync(path.join(ROOT, entry), path.join(target, entry), { recursive: true })
  }
  const manifest = { ...pkg }
  for (const key of ['scripts', 'devDependencies', 'napi', 'allowScripts']) delete manifest[key]
  manifest.files = pkg.files.filter((entry) => !entry.endsWith('.node'))
  manifest.optionalDependencies = Object.fromEntries(platforms.map((p) => [platformPackage(p), pkg.version]))
  writeJson(path.join(target, 'package.json'), manifest)
  return target
}

function main () {
  const platforms = fs.readdirSync(path.join(ROOT, 'npm')).sort()
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-package-'))
  try {
    const staged = platforms.map((platform) => [platform, stagePlatform(staging, platform)]).filter(([, dir]) => dir)
    if (staged.length === 0) {
      throw new Error('no binary to package: run `npm run build` first (or put binaries in npm/<platform>/)')
    }
    fs.mkdirSync(out, { recursive: true })
    for (const old of fs.readdirSync(out).filter((f) => f.endsWith('.tgz'))) fs.rmSync(path.join(out, old))
    const tarballs = [pack(stageMain(staging, staged.map(([platform]) => platform)))]
    for (const [, dir] of staged) tarballs.push(pack(dir))
    console.log(`wrote ${tarballs.length} packages to ${path.relative(process.cwd(), out) || out}:`)
    for (const file of tarballs) console.log(`  ${path.basename(file)}`)
    console.log(`install them into an app with: npm install ${path.join(out, '*.tgz')}`)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

main()
