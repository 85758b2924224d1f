import { inject } from 'vitest'

process.env.DATABASE_URL = inject('databaseUrl')
process.env.PAYLOAD_SECRET ??= 'test-secret-for-vitest-only'
process.env.NEXT_TELEMETRY_DISABLED = '1'
process.env.CREDENTIALS_FILE ??= `${process.env.TMPDIR ?? '/tmp'}/wb-test-credentials-${process.pid}.json`
