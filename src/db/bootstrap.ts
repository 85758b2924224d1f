import path from 'node:path'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from './embeddedPostgres'

export const EMBEDDED_DATA_DIR = path.resolve('.data/postgres')
export const EMBEDDED_DATABASE = 'billing'

export interface DatabaseHandle {
  url: string
  embedded?: EmbeddedPostgres
  stop(): Promise<void>
}

/**
 * Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL with its data under
 * .data/postgres and points DATABASE_URL at it for this process and its children.
 */
export async function ensureDatabaseUrl(
  log: (line: string) => void = () => {},
): Promise<DatabaseHandle> {
  const configured = process.env.DATABASE_URL
  if (configured) return { url: configured, stop: async () => {} }
  log('DATABASE_URL is not set: starting the embedded PostgreSQL 15 (data in .data/postgres)')
  const embedded = await startEmbeddedPostgres({ dataDir: EMBEDDED_DATA_DIR })
  await ensureDatabase(embedded.url('postgres'), EMBEDDED_DATABASE)
  const url = embedded.url(EMBEDDED_DATABASE)
  process.env.DATABASE_URL = url
  log(`Embedded PostgreSQL listening on 127.0.0.1:${embedded.port}`)
  return { url, embedded, stop: () => embedded.stop() }
}
