/** `tsx scripts/migrate.ts`: applies the committed migrations to DATABASE_URL, then exits. */
import { trackSteps } from './lib/steps'

const steps = trackSteps('migrate')
const payload = await steps.step('loading Payload and its config', async () => {
  const [{ getPayload }, { default: config }] = await Promise.all([import('payload'), import('../payload.config')])
  return getPayload({ config })
})
await steps.step('applying migrations', async () => {
  const { migrations } = await import('../src/migrations')
  await payload.db.migrate({ migrations: migrations as never })
})
process.exit(0)
