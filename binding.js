'use strict'

// Loads the native addon: the platform package npm installed for this machine, else a build
// made in this folder (`npm run build`, or the build-from-source step of a git install).
// When neither is there, one error says which platform this is and what to install.

const {
  BINARY_NAME, platformName, describePlatform, platformPackage, localBinary, prebuiltPlatforms
} = require('./lib/platform')

function isMissing (err, spec) {
  return err && err.code === 'MODULE_NOT_FOUND' && err.message.includes(spec)
}

function load () {
  const platform = platformName()
  const tried = []
  for (const [where, spec] of [
    [`the package ${platformPackage(platform)}`, platformPackage(platform)],
    [`a build in this folder (${localBinary(platform)})`, localBinary(platform)]
  ]) {
    try {
      return require(spec)
    } catch (err) {
      tried.push(`  - ${where}: ${isMissing(err, spec) ? 'not installed' : err.message}`)
    }
  }
  throw noBinaryError(platform, tried)
}

function noBinaryError (platform, tried) {
  const prebuilt = prebuiltPlatforms()
  const lines = [
    `${BINARY_NAME} has no native binary for this machine: ${platform} (${describePlatform(platform)}, Node ${process.version}).`,
    `Platforms with prebuilt binaries: ${prebuilt.length ? prebuilt.join(', ') : 'none in this copy, which was installed from source'}.`,
    'Looked for:',
    ...tried,
    'What to do:'
  ]
  if (prebuilt.includes(platform)) {
    lines.push(`  Install ${platformPackage(platform)} with it: npm installs it as an optional dependency, so`,
      '  reinstall without --omit=optional / --no-optional; installing from release tarballs, install',
      `  both dist/${BINARY_NAME}-<version>.tgz and dist/${platformPackage(platform)}-<version>.tgz.`)
  } else {
    lines.push('  Build it from source, which needs Rust (https://rustup.rs) and a C toolchain: install the package',
      `  from its git repository (the build runs on install), or run \`npm install\` in a checkout of ${BINARY_NAME}.`)
  }
  const err = new Error(lines.join('\n'))
  err.code = 'ERR_EXPRESS_SESSION_RS_NO_BINARY'
  return err
}

module.exports = load()
