/**
 * `npm run stress:prepare -- [--runs 100] [--concurrency 1] [--logs DIR]`: runs
 * `tsx scripts/prepare.ts` (migrations and seed, what `npm start` runs first) again and again, each
 * time on a database created just for it, and reports how many runs exited 0. Written to hunt a
 * rare exit 13 (a top-level await left pending when the event loop ran empty); not part of
 * `npm test`, since it takes about 6 s a run.
 *
 * The databases live on the server of DATABASE_URL when it is set (the role needs CREATEDB), else
 * on an embedded PostgreSQL started for the run. Each run's output is kept in the logs directory
 * (printed at the end); the last lines of every failed run are printed as it fails.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  dropDatabase,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '../src/db/embeddedPostgres'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '1' },
    logs: { type: 'string' },
  },
})
const runs = Number(values.runs)
const concurrency = Math.max(1, Number(values.concurrency))
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a positive integer, not ${values.runs}`)

const logDir = values.logs
  ? path.resolve(values.logs)
  : fs.mkdtempSync(path.join(os.tmpdir(), 'wb-stress-prepare-'))
fs.mkdirSync(logDir, { recursive: true })
fs.chmodSync(logDir, 0o755)

let embedded: EmbeddedPostgres | undefined
let maintenanceUrl: string
if (process.env.DATABASE_URL) {
  maintenanceUrl = process.env.DATABASE_URL
  console.log(`[stress] databases on the server of DATABASE_URL (${new URL(maintenanceUrl).host})`)
} else {
  embedded = await startEmbeddedPostgres({ dataDir: path.join(logDir, 'pg'), ephemeral: true })
  maintenanceUrl = embedded.url('postgres')
  console.log(`[stress] embedded PostgreSQL on port ${embedded.port}`)
}

function urlOf(database: string): string {
  const url = new URL(maintenanceUrl)
  url.pathname = `/${database}`
  return url.toString()
}

interface Outcome {
  run: number
  code: number | null
  signal: NodeJS.Signals | null
  seconds: number
  log: string
}

const tsx = path.resolve('node_modules/.bin/tsx')

async function once(run: number): Promise<Outcome> {
  const database = `wb_stress_${process.pid}_${run}`
  await ensureDatabase(maintenanceUrl, database)
  const log = path.join(logDir, `run-${String(run).padStart(3, '0')}.log`)
  const out = fs.openSync(log, 'w')
  const started = Date.now()
  try {
    const child = spawn(tsx, ['scripts/prepare.ts'], {
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        DATABASE_URL: urlOf(database),
        PAYLOAD_SECRET: randomBytes(24).toString('hex'),
        CREDENTIALS_FILE: path.join(logDir, `credentials-${run}.json`),
      },
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', reject)
        child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]))
      },
    )
    return { run, code, signal, seconds: (Date.now() - started) / 1000, log }
  } finally {
    fs.closeSync(out)
    await dropDatabase(maintenanceUrl, database).catch((error: Error) =>
      console.error(`[stress] could not drop ${database}: ${error.message}`),
    )
  }
}

const outcomes: Outcome[] = []
let next = 1
async function lane() {
  while (next <= runs) {
    const run = next++
    const outcome = await once(run)
    outcomes.push(outcome)
    const status = outcome.signal ? `signal ${outcome.signal}` : `exit ${outcome.code}`
    console.log(`[stress] run ${run}/${runs}: ${status} in ${outcome.seconds.toFixed(1)} s`)
    if (outcome.code !== 0) {
      const tail = fs.readFileSync(outcome.log, 'utf8').split('\n').slice(-25).join('\n')
      console.log(`--- last lines of ${outcome.log}\n${tail}\n---`)
    }
  }
}

try {
  await Promise.all(Array.from({ length: concurrency }, () => lane()))
} finally {
  await embedded?.stop()
}

const byStatus = new Map<string, number>()
for (const outcome of outcomes) {
  const key = outcome.signal ? `signal ${outcome.signal}` : `exit ${outcome.code}`
  byStatus.set(key, (byStatus.get(key) ?? 0) + 1)
}
const succeeded = outcomes.filter((outcome) => outcome.code === 0).length
const seconds = outcomes.map((outcome) => outcome.seconds).sort((a, b) => a - b)
console.log(
  `[stress] ${succeeded}/${runs} runs of tsx scripts/prepare.ts exited 0 ` +
    `(${[...byStatus].map(([status, count]) => `${status}: ${count}`).join(', ')}; ` +
    `median ${seconds[Math.floor(seconds.length / 2)]?.toFixed(1)} s, concurrency ${concurrency}); logs in ${logDir}`,
)
process.exit(succeeded === runs ? 0 : 1)
