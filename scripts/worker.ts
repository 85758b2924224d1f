/**
 * `npm run worker`: the job runner (src/jobs/worker.ts). Payload 3 does not claim jobs
 * atomically, so exactly one runner may work: it holds a PostgreSQL advisory lock, and standby
 * workers wait for it. SIGTERM or SIGINT finishes the current round, releases the lock and exits;
 * the same signal again, two seconds or more later, exits at once (the sweeper requeues the jobs).
 */
import { getPayload, type Payload } from 'payload'
import { loadEnv } from '../src/config/loadEnv'
import { ensureDatabaseUrl, type DatabaseHandle } from '../src/db/bootstrap'
import { startWorker, type Worker } from '../src/jobs/worker'

let database: DatabaseHandle | undefined
let payload: Payload | undefined
let worker: Worker | undefined
let stopSince: number | undefined

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal))

loadEnv()
database = await ensureDatabaseUrl((line) => console.log(`[worker] ${line}`))
// imported after loadEnv: the config reads DATABASE_URL and PAYLOAD_SECRET when it is evaluated
const { default: config } = await import('../payload.config')
payload = await getPayload({ config, cron: false })
if (stopSince === undefined) worker = startWorker({ payload })
else await exit(0)

async function stop(signal: NodeJS.Signals) {
  if (stopSince !== undefined) {
    // `npm start` forwards Ctrl-C as SIGTERM right after the terminal's SIGINT: not a second request
    if (Date.now() - stopSince < 2_000) return
    console.log(`[worker] ${signal} again: exiting now`)
    process.exit(1)
  }
  stopSince = Date.now()
  if (!payload) return // still starting: exits once started
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
    payload.logger.info(destroyed ? 'worker: stopped' : 'worker: stopped (database pool did not close in 5 s)')
  }
  await database?.stop().catch(() => undefined)
  setTimeout(() => process.exit(code), 100) // lets the logger write its last lines
}
