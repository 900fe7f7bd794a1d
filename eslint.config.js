'use strict'

// standard style (no semicolons, a space before function parentheses) as neostandard
// writes it for ESLint's flat config. TypeScript checking is left to tsc (see types.test.js).
module.exports = require('neostandard')({
  ignores: [
    ...require('neostandard').resolveIgnoresFromGitignore(),
    'binding.js',
    'binding.d.ts',
    'index.d.ts',
    'benchmark/results/**'
  ]
})
