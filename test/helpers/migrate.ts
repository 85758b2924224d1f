import { getPayload } from 'payload'

/** Applies the committed migrations to the (empty) test database. */
export async function migrateFresh(): Promise<void> {
  const { default: config } = await import('../../payload.config')
  const { migrations } = await import('../../src/migrations')
  const payload = await getPayload({ config, key: 'migrate' } as Parameters<typeof getPayload>[0])
  await payload.db.migrate({ migrations: migrations as never })
  // idle connections of this pool are terminated when the database is dropped at teardown
  ;(payload.db as unknown as { pool?: { on(event: 'error', listener: () => void): void } }).pool?.on(
    'error',
    () => undefined,
  )
  await payload.destroy()
}
