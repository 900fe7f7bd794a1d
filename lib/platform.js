'use strict'

// Names this machine the way napi-rs names its platform packages (linux-x64-gnu,
// darwin-arm64, win32-x64-msvc, ...), and where the binary for a platform is looked for.

const fs = require('fs')
const path = require('path')

const BINARY_NAME = 'express-session-rs'
const ROOT = path.join(__dirname, '..')

function isMusl () {
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    const header = process.report && process.report.getReport().header
    return !(header && header.glibcVersionRuntime)
  }
}

function abiOf (platform, arch) {
  if (platform === 'linux') {
    if (arch === 'arm') return isMusl() ? 'musleabihf' : 'gnueabihf'
    return isMusl() ? 'musl' : 'gnu'
  }
  if (platform === 'win32') return 'msvc'
  return ''
}

function platformName (platform = process.platform, arch = process.arch) {
  const abi = abiOf(platform, arch)
  return abi ? `${platform}-${arch}-${abi}` : `${platform}-${arch}`
}

// "linux-x64-gnu" → "Linux x64, glibc"
function describePlatform (name) {
  const [platform, arch, abi] = name.split('-')
  const os = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', freebsd: 'FreeBSD' }[platform] || platform
  const libc = abi && abi.startsWith('musl') ? 'musl libc' : abi && abi.startsWith('gnu') ? 'glibc' : ''
  return [`${os} ${arch}`, libc].filter(Boolean).join(', ')
}

function platformPackage (name) {
  return `${BINARY_NAME}-${name}`
}

function localBinary (name) {
  return path.join(ROOT, `${BINARY_NAME}.${name}.node`)
}

// The platforms whose binaries this copy of the package can install: the platform
// packages its package.json names as optional dependencies (none in a source checkout).
function prebuiltPlatforms () {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const prefix = `${BINARY_NAME}-`
  return Object.keys(pkg.optionalDependencies || {})
    .filter((dep) => dep.startsWith(prefix))
    .map((dep) => dep.slice(prefix.length))
}

module.exports = { BINARY_NAME, ROOT, platformName, describePlatform, platformPackage, localBinary, prebuiltPlatforms }
