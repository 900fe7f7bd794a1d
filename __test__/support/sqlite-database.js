'use strict'

// better-sqlite3's Database, with the addon built for this Node when the installed one was
// built for another (see scripts/better-sqlite3-binding.js; npm test sets the variable).

const Database = require('better-sqlite3')

function openSqliteDatabase (file) {
  const nativeBinding = process.env.BETTER_SQLITE3_BINDING
  return nativeBinding ? new Database(file, { nativeBinding }) : new Database(file)
}

module.exports = { openSqliteDatabase }
