/**
 * `npm run bench:scale` (issue 15, "Scale by ten"; not part of `npm run bench`, not in CI): the
 * month close for 100,000 organizations and 1,000,000 cameras, and the usage collection for
 * 1,000,000 streams, each benchmark in a process of its own at ten times its `npm run bench`
 * size, then every figure beside its floor and the goals. Takes 15–25 minutes on 2 cores (most of
 * it building the data sets) and a few GB of memory. Options: `--organizations`, `--cameras`,
 * `--streams`, `--usage-organizations`, `--only month-close|usage`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { MonthCloseSummary } from './month-close.bench'
import type { UsageCollectionBenchSummary } from './usage-collection.bench'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const { values } = parseArgs({
  options: {
    organizations: { type: 'string', default: '100000' },
    cameras: { type: 'string', default: '1000000' },
    streams: { type: 'string', default: '1000000' },
    'usage-organizations': { type: 'string', default: '10000' },
    only: { type: 'string' },
  },
})

// the goals of issue 15
const MONTH_CLOSE_MAX_MS = 45_000
const MONTH_CLOSE_MAX_FLOOR_RATIO = 3
const MONTH_CLOSE_MAX_RSS_MB = 1024
const USAGE_MAX_MS = 45_000
const USAGE_MAX_GROWTH_MB = 150

// without the DATABASE_URL of the calling shell: each benchmark starts its own embedded PostgreSQL
const { DATABASE_URL: _outerDatabase, ...env } = process.env
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-scale-'))

function run<T>(file: string, args: string[]): T {
  const json = path.join(dir, `${file}.json`)
  const child = spawnSync('npx', ['tsx', `bench/${file}.bench.ts`, ...args, '--json', json], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  if (child.status !== 0) throw new Error(`the ${file} benchmark failed (exit ${child.status})`)
  return JSON.parse(fs.readFileSync(json, 'utf8')) as T
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')
const lines: string[] = []
let allMet = true

if (values.only === undefined || values.only === 'month-close') {
  const organizations = Number(values.organizations)
  const cameras = Number(values.cameras)
  console.log(
    `== Month close at scale: ${organizations.toLocaleString('en')} organizations, ${cameras.toLocaleString('en')} cameras`,
  )
  const close = run<MonthCloseSummary>('month-close', [
    '--organizations',
    String(organizations),
    '--cameras',
    String(cameras),
    '--sample',
    '500',
    '--naive-budget',
    '60',
  ])
  const ratio = close.generate.ms / close.floor.ms
  const checks =
    Object.values(close.checks).every((value) => typeof value !== 'boolean' || value) &&
    close.checks.failed === 0
  const met =
    close.generate.ms <= MONTH_CLOSE_MAX_MS &&
    ratio <= MONTH_CLOSE_MAX_FLOOR_RATIO &&
    close.generate.rssPeakMb <= MONTH_CLOSE_MAX_RSS_MB &&
    checks
  allMet &&= met
  lines.push(
    `Month close, ${close.organizations.toLocaleString('en')} organizations / ${close.cameras.toLocaleString('en')} cameras: ` +
      `${close.invoices.toLocaleString('en')} drafts in ${seconds(close.generate.ms)} (goal ≤ 45 s); ` +
      `floor (raw bulk insert of the same rows) ${seconds(close.floor.ms)}, ${ratio.toFixed(2)}× (goal ≤ 3×); ` +
      `peak RSS during the close ${close.generate.rssPeakMb} MB from ${close.generate.rssBeforeMb} MB (goal ≤ 1 GB; the process's peak over the whole benchmark, its reference paths included: ${close.peakRssMb} MB); ` +
      `checks ${checks ? 'ok' : 'FAILED'}: ${verdict(met)}`,
  )
}

if (values.only === undefined || values.only === 'usage') {
  const streams = Number(values.streams)
  const organizations = Number(values['usage-organizations'])
  console.log(
    `== Usage collection at scale: ${streams.toLocaleString('en')} streams, ${organizations.toLocaleString('en')} organizations`,
  )
  const usage = run<UsageCollectionBenchSummary>('usage-collection', [
    '--streams',
    String(streams),
    '--organizations',
    String(organizations),
  ])
  // the goal's figure: the billing process's peak RSS over all three collections, above its RSS
  // before the first (the bench deletes its streams in the emulator's process, not in this one)
  const growth = usage.peakRssMb - usage.baselineRssMb
  const slowest = Math.max(...usage.runs.map((one) => one.ms))
  const met = slowest <= USAGE_MAX_MS && growth <= USAGE_MAX_GROWTH_MB
  allMet &&= met
  lines.push(
    `Usage collection, ${usage.streams.toLocaleString('en')} streams: ` +
      usage.runs
        .map(
          (one) =>
            `${one.label} ${seconds(one.ms)} (${(one.ms / usage.floorWalkMs).toFixed(1)}× the floor)`,
        )
        .join(', ') +
      ` (goal ≤ 45 s each); floor (the walk through the client with the camera keys) ${seconds(usage.floorWalkMs)}; ` +
      `billing process RSS ${usage.baselineRssMb} → peak ${usage.peakRssMb} MB over the three collections, grew ${growth} MB (goal ≤ 150 MB; ` +
      `for information, the floor's walk alone grew ${usage.floorRssPeakMb - usage.floorRssBeforeMb} MB, and each run from its own start ${usage.runs.map((one) => `+${one.peakRssMb - one.startRssMb} MB`).join(', ')}): ${verdict(met)}`,
  )
}

console.log('== Scale by ten (issue 15), against its goals')
for (const line of lines) console.log(`  ${line}`)
fs.rmSync(dir, { recursive: true, force: true })
process.exit(allMet ? 0 : 1)
