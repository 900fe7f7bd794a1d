'use strict'

// Draws benchmark/results/http.svg from the results/http-node<major>.json files: one panel
// per Node version (newest first), in each a group of bars per framework and shape, one bar
// per implementation, its height req/s as a multiple of the best bare reference of that
// group; then a panel per results/http-redis-node<major>.json (the Redis-backed stores,
// measured on their own) whose rows the default run's file lacks. `node benchmark/chart.js`
// redraws it from the files already there.

const fs = require('fs')
const path = require('path')

const RESULTS = path.join(__dirname, 'results')
const COLORS = {
  bare: '#bdbdbd',
  'bare-dictionary': '#9e9e9e',
  'bare-immediate': '#616161',
  'express-session': '#e6550d',
  'express-session-rs': '#3182bd',
  'express-session-rs + JS store': '#9ecae1',
  'express-session-rs + RedisStore': '#08519c',
  'express-session-rs + connect-redis': '#6baed6',
  'express-session + connect-redis': '#fd8d3c'
}
const FALLBACK_COLORS = ['#31a354', '#756bb1', '#dd1c77', '#a1d99b']

const PANEL_HEIGHT = 230
const PLOT = { left: 48, top: 34, bottom: 44 }
const BAR_WIDTH = 11
const GROUP_GAP = 22
const LEGEND_LINE = 18

function escape (text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

// The results of one kind (`http` or `http-redis`), newest Node first.
function readResults (kind = 'http') {
  const pattern = new RegExp(`^${kind}-node(\\d+)\\.json$`)
  return fs.readdirSync(RESULTS)
    .map((file) => pattern.exec(file))
    .filter(Boolean)
    .map((match) => ({ major: Number(match[1]), kind, ...JSON.parse(fs.readFileSync(path.join(RESULTS, match[0]), 'utf8')) }))
    .sort((a, b) => b.major - a.major)
}

function colorOf (name, names) {
  return COLORS[name] || FALLBACK_COLORS[names.indexOf(name) % FALLBACK_COLORS.length]
}

function panel (result, top, allNames, yMax, width) {
  const names = allNames.filter((name) => result.rows.some((row) => row.implementation === name))
  const groups = []
  for (const row of result.rows) {
    const key = `${row.framework} ${row.shape}`
    let group = groups.find((g) => g.key === key)
    if (!group) groups.push(group = { key, framework: row.framework, shape: row.shape, rows: [] })
    group.rows.push(row)
  }
  const plotHeight = PANEL_HEIGHT - PLOT.top - PLOT.bottom
  const y = (value) => top + PLOT.top + plotHeight * (1 - Math.min(value, yMax) / yMax)
  const where = result.kind === 'http-redis' ? ', sessions in Redis on loopback' : ''
  const parts = [`<text x="${PLOT.left}" y="${top + 18}" class="title">Node ${escape(result.node)}${where}: req/s as a multiple of the best bare reference</text>`]
  for (let tick = 0; tick <= yMax + 1e-9; tick += 0.25) {
    parts.push(`<line x1="${PLOT.left}" x2="${width - 10}" y1="${y(tick)}" y2="${y(tick)}" class="${tick === 1 ? 'one' : 'grid'}"/>`)
    parts.push(`<text x="${PLOT.left - 6}" y="${y(tick) + 4}" class="tick">${tick.toFixed(2)}</text>`)
  }
  let x = PLOT.left + 12
  for (const group of groups) {
    const start = x
    for (const name of names) {
      const row = group.rows.find((r) => r.implementation === name)
      if (row && Number.isFinite(row.vsBestBare)) {
        const barTop = y(row.vsBestBare)
        parts.push(`<rect x="${x}" y="${barTop.toFixed(1)}" width="${BAR_WIDTH - 1}" height="${(y(0) - barTop).toFixed(1)}" fill="${colorOf(name, names)}"><title>${escape(`${group.key} ${name}: ${row.vsBestBare.toFixed(2)} × best bare, ${Math.round(row.rps)} req/s`)}</title></rect>`)
      }
      x += BAR_WIDTH
    }
    const middle = (start + x) / 2
    parts.push(`<text x="${middle}" y="${y(0) + 15}" class="group">${escape(group.shape)}</text>`)
    parts.push(`<text x="${middle}" y="${y(0) + 29}" class="framework">${escape(group.framework.replace('express', 'Express '))}</text>`)
    x += GROUP_GAP
  }
  return parts.join('\n')
}

// The legend's items, wrapped onto as many lines as `width` needs; `height` the lines take.
function legend (names, top, width) {
  let x = PLOT.left
  let y = top
  const items = names.map((name) => {
    const itemWidth = 26 + name.length * 6.6
    if (x > PLOT.left && x + itemWidth > width) {
      x = PLOT.left
      y += LEGEND_LINE
    }
    const item = `<rect x="${x}" y="${y}" width="12" height="12" fill="${colorOf(name, names)}"/><text x="${x + 16}" y="${y + 10}" class="legend">${escape(name)}</text>`
    x += itemWidth
    return item
  })
  return { svg: items.join('\n'), height: y - top + LEGEND_LINE }
}

function drawChart (results) {
  const names = []
  for (const result of results) {
    for (const row of result.rows) if (!names.includes(row.implementation)) names.push(row.implementation)
  }
  const best = Math.max(1, ...results.flatMap((r) => r.rows.map((row) => row.vsBestBare).filter(Number.isFinite)))
  const yMax = Math.ceil(best * 4) / 4
  const width = Math.max(840, ...results.map((r) => {
    const groups = new Set(r.rows.map((row) => `${row.framework} ${row.shape}`)).size
    const bars = new Set(r.rows.map((row) => row.implementation)).size
    return PLOT.left + 22 + groups * (bars * BAR_WIDTH + GROUP_GAP)
  }))
  const key = legend(names, 8, width)
  const first = 12 + key.height
  const height = first + results.length * PANEL_HEIGHT
  const panels = results.map((result, i) => panel(result, first + i * PANEL_HEIGHT, names, yMax, width))
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
<style>
.title { font-size: 13px; font-weight: 600 } .tick { font-size: 10px; text-anchor: end; fill: #555 }
.group { font-size: 11px; text-anchor: middle } .framework { font-size: 10px; text-anchor: middle; fill: #555 }
.legend { font-size: 11px } .grid { stroke: #e0e0e0 } .one { stroke: #333; stroke-dasharray: 4 3 }
</style>
<rect width="100%" height="100%" fill="white"/>
${key.svg}
${panels.join('\n')}
</svg>
`
}

// The Redis rows are in the default run's files once it has measured them; until then (or
// when it ran without Redis) they come from the separate Redis runs.
function withRedisPanels (results) {
  const hasRedis = (result) => result.rows.some((row) => /redis/i.test(row.implementation))
  const measured = new Set(results.filter(hasRedis).map((result) => result.major))
  return [...results, ...readResults('http-redis').filter((result) => !measured.has(result.major))]
}

function writeChart () {
  const results = withRedisPanels(readResults('http'))
  if (results.length === 0) return undefined
  const file = path.join(RESULTS, 'http.svg')
  fs.writeFileSync(file, drawChart(results))
  console.log(`chart: ${path.relative(process.cwd(), file)} (${results.map((r) => r.node).join(', ')})`)
  return file
}

module.exports = { drawChart, readResults, writeChart }

if (require.main === module) writeChart()
