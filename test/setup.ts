import { inject } from 'vitest'
import { createDatabaseFrom, withDatabase } from './helpers/database'
import { startTestFile } from './helpers/sharedProcess'

// every test file gets its own copy of the run's migrated database, before the file imports the
// Payload config (which reads DATABASE_URL); the worker processes and scripts a test starts
// inherit it. The global teardown drops the copies.
const maintenanceUrl = inject('maintenanceUrl')
const database = await createDatabaseFrom(
  maintenanceUrl,
  inject('templateDatabase'),
  inject('databasePrefix'),
)
await startTestFile(withDatabase(maintenanceUrl, database))
process.env.PAYLOAD_SECRET ??= 'test-secret-for-vitest-only'
process.env.NEXT_TELEMETRY_DISABLED = '1'
// per file, not per process: a worker process may run several files one after another
process.env.CREDENTIALS_FILE = `${process.env.TMPDIR ?? '/tmp'}/wb-test-credentials-${database}.json`
