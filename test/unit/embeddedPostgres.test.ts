import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embeddedPostgres'

describe('embedded PostgreSQL', () => {
  it('initialises, picks its own port, serves PostgreSQL 15, restarts on the same data', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-embedded-'))
    fs.chmodSync(root, 0o755)
    const dataDir = path.join(root, 'nested', 'postgres')
    try {
      const first = await startEmbeddedPostgres({ dataDir, ephemeral: true })
      await ensureDatabase(first.url('postgres'), 'probe')
      const client = new pg.Client({ connectionString: first.url('probe') })
      await client.connect()
      const version = await client.query('show server_version_num')
      await client.query('create table kept (id int)')
      await client.end()
      expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(150000)
      expect(Number(version.rows[0].server_version_num)).toBeLessThan(160000)
      expect(first.port).not.toBe(5432)
      await first.stop()

      const second = await startEmbeddedPostgres({ dataDir, ephemeral: true })
      const again = new pg.Client({ connectionString: second.url('probe') })
      await again.connect()
      const tables = await again.query("select 1 from pg_tables where tablename = 'kept'")
      await again.end()
      expect(tables.rowCount).toBe(1)
      await second.stop()
    } finally {
      fs.rmSync(root, { recursive: true, force: true })
    }
  })
})
