#!/usr/bin/env bash
# Proves the published package installs without Rust: packs this package and its
# linux-x64-gnu platform package, installs both tarballs into a brand-new Express app in a
# temporary directory, and runs a request through a session there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

binary="$root/express-session-rs.linux-x64-gnu.node"
[ -f "$binary" ] || { echo "pack-check: $binary is missing; run npm run build first" >&2; exit 1; }

platform="$work/platform"
mkdir -p "$platform"
cp "$root/npm/linux-x64-gnu/package.json" "$root/npm/linux-x64-gnu/README.md" "$binary" "$platform/"
# The published package names its platform package as an optional dependency (added by
# `napi pre-publish` in prepublishOnly); stage the same package.json here.
staging="$work/main"
mkdir -p "$staging"
(cd "$root" && cp -r package.json README.md LICENSE index.js index.d.ts binding.js lib "$staging/")
version="$(node -p "require('$root/package.json').version")"
(cd "$staging" && npm pkg set "optionalDependencies.express-session-rs-linux-x64-gnu=$version")
main_tgz="$(cd "$staging" && npm pack --ignore-scripts --silent --pack-destination "$work")"
platform_tgz="$(cd "$platform" && npm pack --silent --pack-destination "$work")"

app="$work/app"
mkdir -p "$app"
cd "$app"
npm init -y >/dev/null
# No cargo on PATH: installing must not build anything.
PATH="$(dirname "$(command -v node)"):/usr/bin:/bin" \
  npm install --no-audit --no-fund --silent express@4 "$work/$main_tgz" "$work/$platform_tgz"

cat > app.js <<'JS'
const assert = require('assert')
const http = require('http')
const express = require('express')
const session = require('express-session-rs')

const app = express()
app.use(session({ secret: 'pack-check', resave: false, saveUninitialized: false }))
app.get('/', (req, res) => {
  req.session.views = (req.session.views || 0) + 1
  res.send(String(req.session.views))
})

function get (port, cookie) {
  return new Promise((resolve, reject) => {
    http.get({ port, path: '/', headers: cookie ? { cookie } : {} }, (res) => {
      let body = ''
      res.on('data', (c) => { body += c })
      res.on('end', () => resolve({ body, cookie: (res.headers['set-cookie'] || [])[0] }))
    }).on('error', reject)
  })
}

const server = app.listen(0, '127.0.0.1', async () => {
  const port = server.address().port
  const first = await get(port)
  assert.strictEqual(first.body, '1')
  assert.match(first.cookie, /^connect\.sid=s%3A[\w-]{32}\.[\w%]+; Path=\/; HttpOnly$/)
  const second = await get(port, first.cookie.split(';')[0])
  assert.strictEqual(second.body, '2')
  server.close()
  console.log('pack-check: installed from tarballs without Rust; a session counted to 2')
})
JS
node app.js
