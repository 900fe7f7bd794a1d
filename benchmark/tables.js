'use strict'

// Prints the README's per-Node-version HTTP tables from results/http-node<major>.json
// (newest Node first): `node benchmark/tables.js`.

const { readResults } = require('./chart')

function fixed (x, digits) {
  return Number.isFinite(x) ? x.toFixed(digits) : ''
}

function cell (row) {
  if (!row) return ['', '', '']
  const cpu = row.bare ? `${fixed(row.cpuUsPerRequest, 1)}${row.bestBare ? ' (best)' : ''}` : `${row.addedCpuUs >= 0 ? '+' : ''}${fixed(row.addedCpuUs, 1)}`
  return [String(Math.round(row.rps)), fixed(row.vsBestBare, 2), cpu]
}

function table (result) {
  const frameworks = [...new Set(result.rows.map((r) => r.framework))]
  const lines = [
    `**Node ${result.node}**`,
    '',
    `| shape | implementation | ${frameworks.map((f) => `${f} req/s | × best bare | CPU µs/req (bare) or added`).join(' | ')} |`,
    `|---|---|${frameworks.map(() => '---:|---:|---:').join('|')}|`
  ]
  const shapes = [...new Set(result.rows.map((r) => r.shape))]
  const names = [...new Set(result.rows.map((r) => r.implementation))]
  for (const shape of shapes) {
    for (const name of names) {
      const cells = frameworks.flatMap((framework) => cell(result.rows.find((r) => r.framework === framework && r.shape === shape && r.implementation === name)))
      lines.push(`| ${shape} | ${name} | ${cells.join(' | ')} |`)
    }
  }
  return lines.join('\n')
}

const results = readResults()
console.log(results.map(table).join('\n\n'))
