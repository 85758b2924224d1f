/**
 * `npm run worker`: the job runner. Payload 3 does not claim jobs atomically, so exactly one
 * runner may work: it holds a Postgres advisory lock for its whole life, and standby workers wait
 * for it. Jobs left `processing` by a crashed runner are put back in the queue at start.
 */
import { getPayload } from 'payload'
import pg from 'pg'
import config from '../payload.config'
import { loadEnv } from '../src/config/loadEnv'
import { ensureDatabaseUrl } from '../src/db/bootstrap'
import { runWorker } from '../src/jobs/worker'

loadEnv()
const database = await ensureDatabaseUrl(console.log)
const lockClient = new pg.Client({ connectionString: database.url })
await lockClient.connect()
const payload = await getPayload({ config, cron: false })
const stop = await runWorker({ payload, lockClient, log: (line) => payload.logger.info(line) })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await stop()
    await lockClient.end().catch(() => undefined)
    await payload.destroy()
    await database.stop()
    process.exit(0)
  })
}
