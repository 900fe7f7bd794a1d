'use strict'

// Simulates an application that installed us under express-session's name:
//   "express-session": "npm:express-session-rs@<version>"
// without touching the real node_modules. A temporary directory gets
//   node_modules/express-session -> a symlink to this package (what the alias installs)
//   node_modules/<store>         -> a copy of the store's package.json and files
// so that the store's own `require('express-session')` resolves to us. (A symlink to the
// store would not do: Node resolves the store's requires from its real path, which would
// find the real express-session again.)

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const Module = require('node:module')

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..')
const REAL_NODE_MODULES = path.join(PACKAGE_ROOT, 'node_modules')

// `files`: what to copy from the store's package (beside its package.json).
function createAliasInstall (storePackages) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'esrs-alias-'))
  const nodeModules = path.join(root, 'node_modules')
  fs.mkdirSync(nodeModules)
  fs.symlinkSync(PACKAGE_ROOT, path.join(nodeModules, 'express-session'), 'dir')
  for (const [name, files] of Object.entries(storePackages)) {
    const from = path.join(REAL_NODE_MODULES, name)
    const to = path.join(nodeModules, name)
    fs.mkdirSync(to, { recursive: true })
    for (const file of ['package.json', ...files]) {
      fs.cpSync(path.join(from, file), path.join(to, file), { recursive: true })
    }
  }
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({
    name: 'alias-app',
    private: true,
    dependencies: { 'express-session': `npm:express-session-rs@${require(path.join(PACKAGE_ROOT, 'package.json')).version}` }
  }, null, 2))
  return {
    root,
    // `require` as seen from a file of the application in that directory.
    require: Module.createRequire(path.join(root, 'app.js')),
    cleanup () {
      fs.rmSync(root, { recursive: true, force: true })
    }
  }
}

module.exports = { createAliasInstall, PACKAGE_ROOT, REAL_NODE_MODULES }
