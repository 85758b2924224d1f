/**
 * A user's plain password reaches Watcher and nothing else: not a table of the database (jobs,
 * their log, sync events, users), not the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { testPayload } from '../../helpers/app'
import { clearQueue, startBillingWatcher, syncNow, watcherLogin } from '../../helpers/watcher'
import type { WatcherEmulator } from '../../../src/watcher-emulator'

let payload: Payload
let emulator: WatcherEmulator
const output: string[] = []
const writes = { out: process.stdout.write, err: process.stderr.write }

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  const capture = (stream: NodeJS.WriteStream, original: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      output.push(String(chunk))
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest)
    }) as typeof process.stdout.write
  process.stdout.write = capture(process.stdout, writes.out)
  process.stderr.write = capture(process.stderr, writes.err)
})
afterAll(async () => {
  process.stdout.write = writes.out
  process.stderr.write = writes.err
  await emulator?.close()
})

/** Every row of every table in the database, as text. */
async function dumpDatabase(): Promise<string> {
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const tables = await pool.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )
  const parts: string[] = []
  for (const { table_name } of tables.rows) {
    const rows = await pool.query(`select t::text as row from "${table_name}" t`)
    parts.push(...rows.rows.map((row) => `${table_name}: ${row.row}`))
  }
  return parts.join('\n')
}

describe('passwords', () => {
  it('are nowhere in the database or the logs, before and after delivery, and work in Watcher', async () => {
    const first = 'Plain-Secret-First-4711'
    const second = 'Plain-Secret-Second-0815'
    const user = await (payload.create as any)({
      collection: 'users',
      data: {
        email: 'secret-user@example.test',
        login: 'secret-user',
        password: first,
        role: 'subscriber',
      },
    })
    // queued, not delivered yet: the job input holds it sealed
    let dump = await dumpDatabase()
    expect(dump).toContain('payload_jobs')
    expect(dump).toMatch(/password\W+v2\./)
    expect(dump).not.toContain(first)

    // Watcher down for one attempt: the failure is logged and recorded, without the password
    emulator.faults.set({ status: 503, rate: 1 })
    await syncNow(payload)
    emulator.faults.clear()
    dump = await dumpDatabase()
    expect(dump).toContain('sync_events')
    expect(dump).not.toContain(first)

    await syncNow(payload)
    expect(await watcherLogin(emulator, 'secret-user', first)).toBe(200)
    await (payload.update as any)({ collection: 'users', id: user.id, data: { password: second } })
    expect(await dumpDatabase()).not.toContain(second)
    await syncNow(payload)
    expect(await watcherLogin(emulator, 'secret-user', second)).toBe(200)
    expect(await watcherLogin(emulator, 'secret-user', first)).toBe(401)

    dump = await dumpDatabase()
    for (const secret of [first, second]) {
      expect(dump).not.toContain(secret)
      expect(output.join('')).not.toContain(secret)
    }
    // delivered: no sealed copy is left behind either
    expect(dump).not.toMatch(/password\W+v[12]\./)
  })
})
