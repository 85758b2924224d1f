/**
 * Test files share their worker process (vitest `isolate: false`): the Payload config, Payload
 * itself and every module are loaded once per worker instead of once per file, which is most of
 * what a file used to cost. What a file may change for the next one is put back here, before each
 * file (test/setup.ts): the environment, the business clock, spies, and the database, which is
 * each file's own copy of the migrated template, as before.
 */
import type { Payload } from 'payload'
import type pg from 'pg'
import { watchDatabasePool } from '../../src/operations/startup'
import { startPureTestFile } from './environment'

const shared = globalThis as typeof globalThis & {
  _payload?: Map<string, { payload?: Payload; promise?: Promise<Payload> }>
}

interface PostgresAdapterInternals {
  pool?: pg.Pool
  poolOptions: pg.PoolConfig
  connect: (options: { hotReload: boolean }) => Promise<void>
}

/**
 * Points the worker's Payload (when an earlier file started it) at `databaseUrl`: a new pool on
 * this file's database, the previous file's connections closed. Payload's schema, collections and
 * hooks stay as they are: only the data is new.
 */
async function movePayloadTo(databaseUrl: string): Promise<void> {
  const cached = shared._payload?.get('default')
  const payload = cached?.payload ?? (await cached?.promise?.catch(() => undefined))
  if (!payload) return
  const adapter = payload.db as unknown as PostgresAdapterInternals
  const previous = adapter.pool
  adapter.pool = undefined
  adapter.poolOptions = { ...adapter.poolOptions, connectionString: databaseUrl }
  await adapter.connect({ hotReload: true })
  watchDatabasePool(payload)
  if (previous) {
    // Payload keeps one connection checked out for good: end every one, idle or not
    const clients = (previous as unknown as { _clients?: pg.PoolClient[] })._clients ?? []
    for (const client of [...clients])
      void (client as unknown as pg.Client).end().catch(() => undefined)
    void previous.end().catch(() => undefined)
  }
}

/** What every test file starts from, whatever the file before it in this worker did. */
export async function startTestFile(databaseUrl: string): Promise<void> {
  startPureTestFile()
  process.env.DATABASE_URL = databaseUrl
  await movePayloadTo(databaseUrl)
}
