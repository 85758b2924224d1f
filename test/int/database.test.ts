import { inject } from 'vitest'
import { describe, expect, it } from 'vitest'
import { sql } from '@payloadcms/db-postgres'
import { testPayload } from '../helpers/app'

describe('test database', () => {
  it("is this file's own copy of the run's migrated database, on the expected server", async () => {
    const payload = await testPayload()
    const url = new URL(process.env.DATABASE_URL!)
    const result = await payload.db.drizzle.execute(
      sql`select current_database() as name, current_setting('server_version_num') as version`,
    )
    const row = (result as unknown as { rows: { name: string; version: string }[] }).rows[0]
    expect(row.name.startsWith(inject('databasePrefix'))).toBe(true)
    expect(url.pathname).toBe(`/${row.name}`)
    expect(Number(row.version)).toBeGreaterThanOrEqual(150000)
    if (inject('databaseServer') === 'embedded') {
      expect(url.hostname).toBe('127.0.0.1')
      expect(url.port).not.toBe('5432') // its own port, never the machine's PostgreSQL
    }
    const migrations = await payload.find({ collection: 'payload-migrations', limit: 10 })
    expect(migrations.docs.length).toBeGreaterThan(0)
  })
})
