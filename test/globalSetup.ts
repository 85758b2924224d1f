/**
 * One fresh database per test run, migrated with the committed migrations (never dev push).
 * Without DATABASE_URL an embedded PostgreSQL 15 starts in a temporary directory and stops at the
 * end; with DATABASE_URL a new database is created on that server and dropped at the end.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  dropDatabase,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '../src/db/embeddedPostgres'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    /** Where the test database lives: `embedded` (started for this run) or `external`. */
    databaseServer: 'embedded' | 'external'
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export default async function setup(project: TestProject) {
  process.env.PAYLOAD_DISABLE_DEPENDENCY_CHECKER = 'true'
  const testDatabase = `wb_test_${Date.now()}_${process.pid}`
  let embedded: EmbeddedPostgres | undefined
  let dataDir: string | undefined
  let maintenanceUrl: string
  if (process.env.DATABASE_URL) {
    maintenanceUrl = process.env.DATABASE_URL
    console.log(`[test] using the PostgreSQL server of DATABASE_URL, database ${testDatabase}`)
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-test-pg-'))
    fs.chmodSync(dataDir, 0o755)
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), ephemeral: true })
    maintenanceUrl = embedded.url('postgres')
    console.log(`[test] embedded PostgreSQL on port ${embedded.port}, database ${testDatabase}`)
  }
  try {
    await ensureDatabase(maintenanceUrl, testDatabase)
  } catch (error) {
    throw new Error(
      `Could not create the test database ${testDatabase} with DATABASE_URL: the role needs CREATEDB. ${String(error)}`,
    )
  }
  const url = withDatabase(maintenanceUrl, testDatabase)
  process.env.DATABASE_URL = url
  project.provide('databaseUrl', url)
  project.provide('databaseServer', embedded ? 'embedded' : 'external')

  // in a child process: a Payload instance started and destroyed inside vitest's main process
  // sometimes never finished destroying, and hung the run
  const migrated = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/migrate.ts'], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url },
  })
  if (migrated.status !== 0) throw new Error(`migrations failed (exit ${migrated.status})`)

  return async () => {
    await dropDatabase(maintenanceUrl, testDatabase).catch(() => undefined)
    await embedded?.stop()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
