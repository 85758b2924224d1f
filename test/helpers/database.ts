/**
 * The test databases of a run: one migrated template (test/globalSetup.ts) and a copy of it per
 * test file (test/setup.ts).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function onServer<T>(
  maintenanceUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: maintenanceUrl })
  client.on('error', () => undefined) // a dropped connection is seen by the query that used it
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Refuses new connections to `database` and ends the open ones: a template cannot be copied while
 * anyone is connected to it (and a test connecting to it by mistake would stall every other file).
 */
export function withoutConnections(maintenanceUrl: string, database: string): Promise<void> {
  return onServer(maintenanceUrl, async (client) => {
    await client.query(`alter database ${quote(database)} with allow_connections false`)
    await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    )
  })
}

/** A new database copied from `template`, named `<prefix><pid>_<random>`; answers its name. */
export function createDatabaseFrom(
  maintenanceUrl: string,
  template: string,
  prefix: string,
): Promise<string> {
  const name = `${prefix}${process.pid}_${randomBytes(3).toString('hex')}`
  return onServer(maintenanceUrl, async (client) => {
    await client.query(`create database ${quote(name)} template ${quote(template)}`)
    return name
  })
}

/**
 * Drops every database whose name starts with `prefix` (the files' databases of one run), a few at
 * a time: each drop waits for a checkpoint, and concurrent drops share one.
 */
export async function dropDatabasesWithPrefix(
  maintenanceUrl: string,
  prefix: string,
): Promise<void> {
  const names = await onServer(maintenanceUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [prefix],
    )
    return rows.map((row) => row.datname)
  })
  const lanes = Array.from({ length: 4 }, () =>
    onServer(maintenanceUrl, async (client) => {
      for (let name = names.pop(); name; name = names.pop()) {
        await client.query(`drop database if exists ${quote(name)} with (force)`)
      }
    }),
  )
  await Promise.all(lanes)
}
