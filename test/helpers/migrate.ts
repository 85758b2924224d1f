import { getPayload } from 'payload'

/** Applies the committed migrations to the (empty) test database. */
export async function migrateFresh(): Promise<void> {
  const { default: config } = await import('../../payload.config')
  const { migrations } = await import('../../src/migrations')
  const payload = await getPayload({ config, key: 'migrate' } as Parameters<typeof getPayload>[0])
  await payload.db.migrate({ migrations: migrations as never })
  await payload.destroy()
  // the adapter's pool outlives destroy(); end it before the database is dropped at teardown
  await (payload.db as unknown as { pool?: { end(): Promise<void> } }).pool?.end().catch(() => undefined)
}
