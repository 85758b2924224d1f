/**
 * One database migrated per test run (with the committed migrations, never dev push), used as the
 * template of every test file's own database (test/setup.ts): files run in parallel without
 * seeing each other's rows, jobs or advisory locks, and a copy costs a fraction of a migration.
 *
 * Without DATABASE_URL an embedded PostgreSQL 15 starts in a temporary directory and stops at the
 * end; with DATABASE_URL the template and the files' databases are created on that server and
 * dropped at the end (they all carry this run's prefix, so concurrent runs never touch each other's).
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
import { dropDatabasesWithPrefix, withDatabase, withoutConnections } from './helpers/database'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to the server's maintenance database (`postgres` or DATABASE_URL's). */
    maintenanceUrl: string
    /** The migrated database every test file's database is copied from. */
    templateDatabase: string
    /** The start of every test file's database name in this run. */
    databasePrefix: string
    /** Where the test databases live: `embedded` (started for this run) or `external`. */
    databaseServer: 'embedded' | 'external'
  }
}

interface TestDatabases {
  provided: {
    maintenanceUrl: string
    templateDatabase: string
    databasePrefix: string
    databaseServer: 'embedded' | 'external'
  }
  teardown: () => Promise<void>
}

// vitest calls the global setup once per project (vitest.config.ts has two, and the root): the
// server and the template are made once for the run and torn down after the last project
const run = globalThis as typeof globalThis & {
  wbTestDatabases?: Promise<TestDatabases>
  wbTestDatabaseUsers?: number
}

export default async function setup(project: TestProject) {
  run.wbTestDatabaseUsers = (run.wbTestDatabaseUsers ?? 0) + 1
  run.wbTestDatabases ??= prepareDatabases()
  const { provided, teardown } = await run.wbTestDatabases
  project.provide('maintenanceUrl', provided.maintenanceUrl)
  project.provide('templateDatabase', provided.templateDatabase)
  project.provide('databasePrefix', provided.databasePrefix)
  project.provide('databaseServer', provided.databaseServer)
  return async () => {
    run.wbTestDatabaseUsers = (run.wbTestDatabaseUsers ?? 1) - 1
    if (run.wbTestDatabaseUsers === 0) await teardown()
  }
}

async function prepareDatabases(): Promise<TestDatabases> {
  process.env.PAYLOAD_DISABLE_DEPENDENCY_CHECKER = 'true'
  const run = `${Date.now().toString(36)}_${process.pid}`
  const template = `wb_tpl_${run}`
  const prefix = `wb_test_${run}_`
  let embedded: EmbeddedPostgres | undefined
  let dataDir: string | undefined
  let maintenanceUrl: string
  if (process.env.DATABASE_URL) {
    maintenanceUrl = process.env.DATABASE_URL
    console.log(`[test] using the PostgreSQL server of DATABASE_URL, template ${template}`)
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-test-pg-'))
    fs.chmodSync(dataDir, 0o755)
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), ephemeral: true })
    maintenanceUrl = embedded.url('postgres')
    console.log(`[test] embedded PostgreSQL on port ${embedded.port}, template ${template}`)
  }
  const teardown = async () => {
    if (embedded) {
      // the whole server goes: dropping every file's database first (a checkpoint each) would
      // only add a minute
      await embedded.stop()
      fs.rmSync(dataDir!, { recursive: true, force: true })
      return
    }
    await dropDatabasesWithPrefix(maintenanceUrl, prefix).catch((error) =>
      console.warn(`[test] ${error}`),
    )
    await dropDatabase(maintenanceUrl, template).catch(() => undefined)
  }
  try {
    await ensureDatabase(maintenanceUrl, template)
  } catch (error) {
    await teardown()
    throw new Error(
      `Could not create the test database ${template} with DATABASE_URL: the role needs CREATEDB. ${String(error)}`,
    )
  }

  // in a child process: a Payload instance started and destroyed inside vitest's main process
  // sometimes never finished destroying, and hung the run
  const migrated = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/migrate.ts'], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: withDatabase(maintenanceUrl, template) },
  })
  if (migrated.status !== 0) {
    await teardown()
    throw new Error(`migrations failed (exit ${migrated.status})`)
  }
  // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to: nobody may connect now
  await withoutConnections(maintenanceUrl, template)

  return {
    provided: {
      maintenanceUrl,
      templateDatabase: template,
      databasePrefix: prefix,
      databaseServer: embedded ? 'embedded' : 'external',
    },
    teardown,
  }
}
