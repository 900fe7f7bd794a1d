#!/usr/bin/env bash
# The new user's path, as a test. `npm run package` writes the release tarballs; then, with no
# cargo on PATH (installing must build nothing), three brand-new apps install them:
#   1. Express 4, `require('express-session-rs')`: a session counts to 2 (on Node 20, 22, 24 and 26);
#   2. Express 5 with @types/express@5, TypeScript under `tsc --strict`: counts to 2;
#   3. examples/redis as it stands (connect-redis, with `express-session` installed as and
#      overridden to this package): `npm ls` shows no express-session but ours, and a session
#      kept in Redis counts to 2.
# npm must not warn about install scripts or engines on any of these installs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
app_pid=
trap '[ -z "$app_pid" ] || kill "$app_pid" 2>/dev/null; rm -rf "$work"' EXIT

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

# Two requests through a session: the first creates it (view 1), the second sends its cookie
# back (view 2). `countToTwo(app, label, done)` listens with an Express app;
# `node count-to-two.js <port> <label> <body 1 pattern> <body 2 pattern>` asks a running one.
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

async function twoRequests (port, label, bodies = [/^1$/, /^2$/]) {
  const first = await get(port)
  assert.match(first.body, bodies[0], `${label}: first response ${first.status}`)
  assert.match(first.cookie, /^connect\.sid=s%3A[\w-]{32}\.[\w%]+; Path=\/; /)
  const second = await get(port, first.cookie.split(';')[0])
  assert.match(second.body, bodies[1], `${label}: second response ${second.status}`)
  console.log(`pack-check: ${label}: a session counted to 2 (Node ${process.version})`)
}

function fail (err) {
  process.exitCode = 1
  console.error(err)
}

module.exports = function countToTwo (app, label, done = () => {}) {
  const server = app.listen(0, '127.0.0.1', () => {
    twoRequests(server.address().port, label).catch(fail).finally(async () => {
      server.close()
      await done()
    })
  })
}

if (require.main === module) {
  const [port, label, first, second] = process.argv.slice(2)
  twoRequests(Number(port), label, [new RegExp(first), new RegExp(second)]).catch(fail)
}
JS

# 1. Express 4, plain JavaScript, on every supported Node version.
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
for major in 22 24 26; do
  PATH="$no_cargo_path" "$(node "$root/scripts/node-binary.js" "$major")" app.js
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

# 3. examples/redis as it stands, with the registry spec of express-session (an alias of this
#    package) pointed at the tarball; connect-redis requires 'express-session' itself.
redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
mkdir -p "$work/redis-example" && cd "$work/redis-example"
cp "$root/examples/redis/package.json" "$root/examples/redis/app.js" .
node -e '
const fs = require("fs")
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"))
if (!/^npm:express-session-rs@/.test(pkg.dependencies["express-session"])) throw new Error("examples/redis does not alias express-session")
pkg.dependencies["express-session"] = "file:" + process.argv[1]
pkg.dependencies["express-session-rs-linux-x64-gnu"] = "file:" + process.argv[2]
fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2))
' "$main_tgz" "$platform_tgz"
install
npm ls express-session | tee ls.txt
if grep -q 'express-session@1\.19' ls.txt; then say "the original express-session is installed" >&2; exit 1; fi
copies="$(find . -path '*/node_modules/express-session/package.json')"
[ "$copies" = "./node_modules/express-session/package.json" ] || { say "express-session copies: $copies" >&2; exit 1; }
[ "$(node -p "require('express-session/package.json').name")" = express-session-rs ] ||
  { say "node_modules/express-session is not express-session-rs" >&2; exit 1; }
node -e "if (!(require('connect-redis').RedisStore.prototype instanceof require('express-session').Store)) process.exit(1)" ||
  { say "connect-redis does not extend express-session-rs's Store" >&2; exit 1; }
say "npm ls: connect-redis uses express-session-rs (the only express-session installed)"

# The session's key in Redis: exactly one under the prefix (deleted afterwards).
redis_keys() {
  node -e '
const { createClient } = require("redis")
const client = createClient({ url: process.argv[1] })
client.on("error", () => {})
client.connect().then(async () => {
  const keys = await client.keys(process.argv[2] + "*")
  if (process.argv[3] === "delete" && keys.length) await client.del(keys)
  console.log(keys.length)
  await client.quit()
}, (err) => { console.error("Redis at " + process.argv[1] + ": " + err.message); process.exit(3) })
' "$redis_url" "$prefix" "${1:-}"
}
prefix="pack-check:$$:"
if ! redis_keys >/dev/null; then
  if [ "${CI:-}" = true ]; then say "Redis is required in CI" >&2; exit 1; fi
  say "skipped running the connect-redis app: no Redis at $redis_url"
  exit 0
fi
PATH="$no_cargo_path" REDIS_URL="$redis_url" SESSION_PREFIX="$prefix" PORT=0 node app.js >app.log 2>&1 &
app_pid=$!
port=
for _ in $(seq 100); do
  port="$(sed -n 's#.*http://localhost:\([0-9]*\).*#\1#p' app.log)"
  [ -n "$port" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat app.log >&2; say "examples/redis did not start" >&2; exit 1; }
node "$work/count-to-two.js" "$port" 'examples/redis (connect-redis 9, overrides), sessions in Redis' \
  '^you viewed this page 1 times' '^you viewed this page 2 times'
kill "$app_pid" && wait "$app_pid" || true
app_pid=
[ "$(redis_keys delete)" = 1 ] || { say "expected one session under $prefix in Redis" >&2; exit 1; }
