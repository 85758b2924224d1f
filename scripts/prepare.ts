/**
 * `tsx scripts/prepare.ts`: applies pending migrations and seeds an empty database. Run by
 * `npm start` before the app and the worker start, with DATABASE_URL already set.
 */
import { loadPayload } from './lib/payloadScript'
import { trackSteps } from './lib/steps'

const steps = trackSteps('prepare')
const payload = await loadPayload(steps)
await steps.step('applying migrations', async () => {
  const { migrations } = await import('../src/migrations')
  await payload.db.migrate({ migrations: migrations as never })
})
await steps.step('seeding', async () => {
  const { seed } = await import('../src/seed/run')
  await seed(payload)
})
await steps.step('closing the database pool', () => payload.destroy())
process.exit(0)
