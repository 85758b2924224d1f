/**
 * `npm run worker`: the job runner (src/jobs/worker.ts). Payload 3 does not claim jobs
 * atomically, so exactly one runner may work: it holds a PostgreSQL advisory lock, and standby
 * workers wait for it. SIGTERM or SIGINT finishes the current round, releases the lock and exits;
 * the same signal again, two seconds or more later, exits at once (the sweeper requeues the jobs).
 *
 * With NODE_ENV=production it needs DATABASE_URL, PAYLOAD_SECRET and SERVER_URL (the worker sends
 * the e-mails, whose links are built from SERVER_URL) and refuses to start without them; otherwise
 * (`npm start`, development) it loads .env, writing a PAYLOAD_SECRET on first start, and starts
 * the embedded PostgreSQL when DATABASE_URL is unset.
 */
import type { Payload } from 'payload'
import type { DatabaseHandle } from '../src/db/bootstrap'
import type { Worker } from '../src/jobs/worker'
import { loadPayload } from './lib/payloadScript'
import {
  checkServerUrl,
  isProduction,
  readEnvFile,
  refuseWithoutProductionVariables,
} from './lib/productionEnv'
import { trackSteps } from './lib/steps'

let database: DatabaseHandle | undefined
let payload: Payload | undefined
let worker: Worker | undefined
let stopSince: number | undefined

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal))

const steps = trackSteps('worker', (line) => console.error(line))
if (isProduction()) {
  readEnvFile()
  refuseWithoutProductionVariables('worker')
  checkServerUrl('worker')
} else {
  const { loadEnv } = await import('../src/config/loadEnv')
  loadEnv()
}
// eslint-disable-next-line prefer-const -- declared above: the signal handler reads it before it is set
database = await steps.step('connecting to the database', async () => {
  const { ensureDatabaseUrl } = await import('../src/db/bootstrap')
  return ensureDatabaseUrl((line) => console.log(`[worker] ${line}`))
})
// after loadEnv: the config reads DATABASE_URL and PAYLOAD_SECRET when it is evaluated
// eslint-disable-next-line prefer-const -- declared above: the signal handler reads it before it is set
payload = await loadPayload(steps)
if (stopSince === undefined) {
  const { startWorker } = await steps.step(
    'loading the job runner',
    () => import('../src/jobs/worker'),
  )
  worker = startWorker({ payload })
  // while it runs, an event loop that runs empty (nothing left that could wake the runner) is named
  await steps.step('running jobs', () => worker!.done)
} else {
  await exit(0)
}

async function stop(signal: NodeJS.Signals) {
  if (stopSince !== undefined) {
    // `npm start` forwards Ctrl-C as SIGTERM right after the terminal's SIGINT: not a second request
    if (Date.now() - stopSince < 2_000) return
    console.log(`[worker] ${signal} again: exiting now`)
    process.exit(1)
  }
  stopSince = Date.now()
  if (!payload) {
    console.log(`[worker] ${signal} while starting: exiting once started`)
    return
  }
  payload.logger.info(`worker: ${signal}, stopping`)
  await worker?.stop()
  await exit(0)
}

async function exit(code: number) {
  if (payload) {
    const destroyed = await Promise.race([
      payload.destroy().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
    ]).catch(() => false)
    payload.logger.info(
      destroyed ? 'worker: stopped' : 'worker: stopped (database pool did not close in 5 s)',
    )
  }
  await database?.stop().catch(() => undefined)
  setTimeout(() => process.exit(code), 100) // lets the logger write its last lines
}
