/**
 * `tsx scripts/migrate.ts [--first-admin]`: applies the committed migrations to DATABASE_URL, then
 * exits. Several machines may start at once (`npm run serve` runs it first): a PostgreSQL advisory
 * lock lets one migrate while the others wait, then find nothing left to apply.
 *
 * --first-admin: on a database without users, creates the first admin from ADMIN_EMAIL and
 * ADMIN_PASSWORD when both are set (its password is never printed), and otherwise says how to
 * create one.
 */
import pg from 'pg'
import { loadPayload } from './lib/payloadScript'
import { trackSteps } from './lib/steps'

/** Held while migrating; one key of the project's advisory locks (see src/jobs/worker.ts). */
const MIGRATION_LOCK_KEY = 7_311_802_101

const steps = trackSteps('migrate')
const firstAdmin = process.argv.includes('--first-admin')

const lock = new pg.Client({
  connectionString: process.env.DATABASE_URL,
  application_name: 'watcher-billing migrate',
})
await steps.step('connecting to the database', () => lock.connect())
await steps.step('waiting for the migration lock', () =>
  lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]),
)
const payload = await loadPayload(steps)
await steps.step('applying migrations', async () => {
  const { migrations } = await import('../src/migrations')
  await payload.db.migrate({ migrations: migrations as never })
})
if (firstAdmin) {
  await steps.step('checking for a first admin', async () => {
    const { totalDocs } = await payload.count({ collection: 'users' })
    if (totalDocs > 0) return
    if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
      const { ensureFirstAdmin } = await import('../src/seed/firstAdmin')
      await ensureFirstAdmin(payload)
      payload.logger.info(
        `first admin ${process.env.ADMIN_EMAIL} created (password from ADMIN_PASSWORD)`,
      )
    } else {
      payload.logger.warn(
        'no user yet: set ADMIN_EMAIL and ADMIN_PASSWORD and start again, or create the first admin at once at SERVER_URL/admin',
      )
    }
  })
}
await steps.step('releasing the migration lock', () => lock.end())
process.exit(0)
