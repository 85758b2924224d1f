/** `tsx scripts/migrate.ts`: applies the committed migrations to DATABASE_URL, then exits. */
import { getPayload } from 'payload'
import config from '../payload.config'
import { migrations } from '../src/migrations'

const payload = await getPayload({ config })
await payload.db.migrate({ migrations: migrations as never })
process.exit(0)
