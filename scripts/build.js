'use strict'

// Builds the native addon from source: `cargo build` of the binding crate, then the library
// copied to express-session-rs.<platform>.node beside package.json, where binding.js looks.
//
//   node scripts/build.js            release build (npm run build)
//   node scripts/build.js --debug    debug build (npm run build:debug)
//   node scripts/build.js --install  what installing from git or a source folder runs
//                                    (`prepare`): nothing when a prebuilt binary for this
//                                    platform is installed, a release build when cargo is
//                                    on PATH, otherwise an error saying what to install.

const { spawnSync } = require('child_process')
const fs = require('fs')
const path = require('path')
const { BINARY_NAME, ROOT, platformName, describePlatform, platformPackage, localBinary } = require('../lib/platform')

const CRATE_LIBRARY = 'express_session_rs'

function libraryFile (profileDir) {
  if (process.platform === 'win32') return path.join(profileDir, `${CRATE_LIBRARY}.dll`)
  const ext = process.platform === 'darwin' ? 'dylib' : 'so'
  return path.join(profileDir, `lib${CRATE_LIBRARY}.${ext}`)
}

function hasCargo () {
  const probe = spawnSync('cargo', ['--version'], { stdio: 'ignore' })
  return probe.status === 0
}

function prebuiltInstalled (platform) {
  try {
    require.resolve(platformPackage(platform), { paths: [ROOT] })
    return true
  } catch {
    return false
  }
}

function build (debug) {
  const args = ['build', '--package', BINARY_NAME, '--lib']
  if (!debug) args.push('--release')
  const cargo = spawnSync('cargo', args, { cwd: ROOT, stdio: 'inherit' })
  if (cargo.status !== 0) process.exit(cargo.status === null ? 1 : cargo.status)
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target')
  const from = libraryFile(path.join(targetDir, debug ? 'debug' : 'release'))
  const to = localBinary(platformName())
  // Copy to a new file and rename it into place: a running process may have the old one mapped.
  fs.copyFileSync(from, `${to}.tmp`)
  fs.renameSync(`${to}.tmp`, to)
  console.log(`${BINARY_NAME}: built ${path.relative(process.cwd(), to) || to}`)
}

// npm links a folder outside the app (`npm install ../express-session-rs`) without installing
// the folder's dependencies; with --install-links it copies the folder and installs them.
function dependenciesMissing () {
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  return Object.keys(dependencies).filter((name) => {
    try {
      require.resolve(`${name}/package.json`, { paths: [ROOT] })
      return false
    } catch {
      return true
    }
  })
}

function installFromSource () {
  const platform = platformName()
  const missing = process.env.npm_config_install_links === 'true' ? [] : dependenciesMissing()
  if (missing.length > 0) {
    console.error([
      `${BINARY_NAME}: the dependencies of ${ROOT} are not installed (${missing.join(', ')}), so requiring it would fail.`,
      'npm links a folder outside your app without installing its dependencies. Install the folder as a',
      `copy instead: npm install --install-links ${ROOT}`
    ].join('\n'))
    process.exit(1)
  }
  if (prebuiltInstalled(platform)) return
  if (hasCargo()) return build(false)
  if (fs.existsSync(localBinary(platform))) return
  console.error([
    `${BINARY_NAME}: cannot install on ${platform} (${describePlatform(platform)}): this is a source copy of the`,
    'package (from git or a folder) and it has no binary for this platform, and there is no `cargo` on PATH',
    'to build one. Install Rust (https://rustup.rs) and a C toolchain and install again, or install the',
    'release tarballs instead (`npm run package` in a built checkout writes them to dist/): npm install <checkout>/dist/*.tgz'
  ].join('\n'))
  process.exit(1)
}

const args = process.argv.slice(2)
if (args.includes('--install')) installFromSource()
else build(args.includes('--debug'))
