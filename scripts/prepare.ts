/**
 * `tsx scripts/prepare.ts`: applies pending migrations and seeds an empty database. Run by
 * `npm start` before the app and the worker start, with DATABASE_URL already set.
 */
import { getPayload } from 'payload'
import config from '../payload.config'
import { migrations } from '../src/migrations'
import { seed } from '../src/seed/run'

const payload = await getPayload({ config })
await payload.db.migrate({ migrations: migrations as never })
await seed(payload)
await payload.destroy()
process.exit(0)
