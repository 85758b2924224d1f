/**
 * `npm run seed`: loads the demo catalogue and accounts (src/seed/demo.ts) into the configured
 * database, whatever it already holds: applies pending migrations, creates the first admin on an
 * empty database (ADMIN_EMAIL/ADMIN_PASSWORD or generated), then adds every demo service,
 * subscription, organization and user that is not there yet (found by title or login: running it
 * again adds nothing). Their Watcher sync jobs are queued; the worker delivers them. The past
 * months' invoices are `npm start`'s alone (scripts/demo-history.ts, on a database without
 * invoices).
 *
 * Uses DATABASE_URL when set, else the embedded PostgreSQL under .data/postgres (started for the
 * run and stopped after), like `npm start`. The generated passwords are in .data/credentials.json.
 */
import { loadPayload } from './lib/payloadScript'
import { trackSteps } from './lib/steps'

const steps = trackSteps('seed')
const { loadEnv } = await import('../src/config/loadEnv')
loadEnv()
const database = await steps.step('connecting to the database', async () => {
  const { ensureDatabaseUrl } = await import('../src/db/bootstrap')
  return ensureDatabaseUrl((line) => console.log(`[seed] ${line}`))
})
let code = 0
try {
  const payload = await loadPayload(steps)
  await steps.step('applying migrations', async () => {
    const { migrations } = await import('../src/migrations')
    await payload.db.migrate({ migrations: migrations as never })
  })
  await steps.step('loading the demo data', async () => {
    const { ensureFirstAdmin } = await import('../src/seed/firstAdmin')
    const { seedDemo } = await import('../src/seed/demo')
    await ensureFirstAdmin(payload)
    const { created } = await seedDemo(payload)
    console.log(
      created > 0
        ? `[seed] ${created} demo records added; logins and passwords: ${process.env.CREDENTIALS_FILE ?? '.data/credentials.json'}`
        : '[seed] the demo data is already there: nothing added',
    )
  })
  await steps.step('closing the database pool', () => payload.destroy())
} catch (error) {
  console.error(`[seed] failed: ${(error as Error)?.stack ?? String(error)}`)
  code = 1
}
await database.stop().catch(() => undefined)
process.exit(code)
