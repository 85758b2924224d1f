/**
 * `npm run secrets:rotate` (`tsx scripts/rotate-secret.ts`): the re-seal step of a PAYLOAD_SECRET
 * rotation (README, "Rotating PAYLOAD_SECRET"; src/secrets/rotate.ts). Run it once the app and the
 * worker run with the new PAYLOAD_SECRET and the old one in PAYLOAD_SECRET_PREVIOUS. Reads .env
 * like the app (never writes a secret into it), and the same DATABASE_URL and WATCHER_* settings.
 *
 *   --dry-run        count what would change, write nothing
 *   --skip-cameras   leave camera keys for a later run (Watcher unreachable now)
 *   --batch=N        rows or streams per batch (default 500)
 *
 * Exit status 0: complete, PAYLOAD_SECRET_PREVIOUS can be removed; 1: not yet (the report says
 * why); 2: could not run.
 */
import path from 'node:path'
import dotenv from 'dotenv'
import { getPayload, type Payload } from 'payload'
import { ensureDatabaseUrl, type DatabaseHandle } from '../src/db/bootstrap'

const args = process.argv.slice(2)
const known = /^--(dry-run|skip-cameras|batch=\d+)$/
const unknown = args.filter((arg) => !known.test(arg))
if (unknown.length > 0) {
  console.error(
    `unknown option(s): ${unknown.join(' ')}\nusage: npm run secrets:rotate [-- --dry-run] [--skip-cameras] [--batch=N]`,
  )
  process.exit(2)
}
const batch = Number(
  args.find((arg) => arg.startsWith('--batch='))?.slice('--batch='.length) ?? 500,
)

dotenv.config({ path: path.resolve('.env'), quiet: true } as dotenv.DotenvConfigOptions)
if (!process.env.PAYLOAD_SECRET) {
  console.error('PAYLOAD_SECRET is not set (environment or .env): there is nothing to rotate to.')
  process.exit(2)
}

let database: DatabaseHandle | undefined
let payload: Payload | undefined
let status = 2
try {
  database = await ensureDatabaseUrl((line) => console.log(`[secrets] ${line}`))
  // imported after the environment is complete: the config reads DATABASE_URL and PAYLOAD_SECRET
  const { default: config } = await import('../payload.config')
  const { rotateSecrets } = await import('../src/secrets')
  payload = await getPayload({ config, cron: false })
  const report = await rotateSecrets(payload, {
    dryRun: args.includes('--dry-run'),
    skipCameraKeys: args.includes('--skip-cameras'),
    batchSize: batch,
    log: (line) => console.log(`[secrets] ${line}`),
  })
  console.log(JSON.stringify(report, null, 2))
  if (report.complete) {
    console.log(
      report.dryRun || !report.previousSecret
        ? '[secrets] nothing to do: everything is sealed and keyed with the current PAYLOAD_SECRET'
        : '[secrets] complete: nothing depends on PAYLOAD_SECRET_PREVIOUS any more; remove it and restart the app and the worker',
    )
  } else {
    for (const problem of report.problems) console.log(`[secrets] not complete: ${problem}`)
  }
  status = report.complete ? 0 : 1
} catch (error) {
  console.error(
    `[secrets] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  status = 2
} finally {
  await payload?.destroy().catch(() => undefined)
  await database?.stop().catch(() => undefined)
}
process.exit(status)
