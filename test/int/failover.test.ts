/**
 * A database failover, as the app and the worker see it: PostgreSQL ends every connection of the
 * database (pg_terminate_backend, 57P01 "terminating connection due to administrator command"),
 * twice. The app (the test's Payload and REST handler) and a real worker process (`tsx
 * scripts/worker.ts`) must stay up, the API must answer again within seconds, the worker must take
 * its runner lock again, and a subscription created afterwards must reach Watcher on its own.
 */
import pg from 'pg'
import type { Payload } from 'payload'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { poolOf } from '../../src/db/pool'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { testPayload, testServer } from '../helpers/app'
import { loginHeader } from '../helpers/auth'
import { clearQueue, startBillingWatcher } from '../helpers/watcher'
import { PASSWORD } from '../helpers/world'
import { until, WorkerProcess } from '../helpers/workerProcess'

let payload: Payload
let emulator: WatcherEmulator
let worker: WorkerProcess
let admin: string
const timings: Record<string, number> = {}

/** From a connection of its own: ends every other session of the test database. */
async function terminateEveryBackend(): Promise<number> {
  const killer = new pg.Client({ connectionString: process.env.DATABASE_URL })
  killer.on('error', () => undefined)
  await killer.connect()
  try {
    const { rows } = await killer.query<{ done: boolean }>(
      `select pg_terminate_backend(pid) as done from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    )
    return rows.filter((row) => row.done).length
  } finally {
    await killer.end()
  }
}

/** Milliseconds until `probe` answers true (polling every 50 ms, at most `timeoutMs`). */
async function msUntil(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now()
  await until(what, probe, timeoutMs, 50)
  return Date.now() - started
}

const apiAnswers = async () => {
  const response = await request(await testServer())
    .get('/api/subscriptions?limit=1&depth=0')
    .set('Authorization', admin)
  return response.status === 200
}

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
  await payload.create({
    collection: 'users',
    data: {
      email: 'failover-admin@example.test',
      login: 'failover-admin',
      password: PASSWORD,
      role: 'admin',
    } as never,
  })
  admin = await loginHeader('failover-admin@example.test', PASSWORD)
  worker = new WorkerProcess('worker', {
    ...process.env,
    PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
  })
  await worker.waitFor('holding the runner lock')
})

afterAll(async () => {
  await worker?.kill()
  await emulator?.close()
  console.log(`failover timings (ms): ${JSON.stringify(timings)}`)
})

describe('database failover', () => {
  it('the app and the worker survive every connection being terminated, twice, and sync goes on', async () => {
    const pool = poolOf(payload)
    for (const round of [1, 2]) {
      // idle connections in the pool, and one checked out (a transaction in progress)
      await Promise.all(Array.from({ length: 4 }, () => pool.query('select pg_sleep(0.05)')))
      const held = await pool.connect()
      const lockTaken = worker.count('holding the runner lock')

      const terminated = await terminateEveryBackend()
      expect(terminated).toBeGreaterThanOrEqual(3) // ours, the worker's lock and pool connections
      const killedAt = Date.now()

      // the checked-out connection is dead: its holder learns it at its next query, nothing crashes
      await expect(held.query('select 1')).rejects.toThrow()
      held.release(true)

      timings[`api answers after termination ${round}`] = await msUntil(
        'the API to answer',
        apiAnswers,
        10_000,
      )
      await worker.waitForCount('holding the runner lock', lockTaken + 1, 30_000)
      timings[`worker holds the lock again after termination ${round}`] = Date.now() - killedAt
      await until(
        'readiness 200',
        async () => (await request(await testServer()).get('/api/health/ready')).status === 200,
        10_000,
        50,
      )
      timings[`ready again after termination ${round}`] = Date.now() - killedAt
      expect(worker.running).toBe(true)
      expect(worker.count('lost the runner lock')).toBeGreaterThanOrEqual(round)
      // no dead connection keeps a slot of the pool (Payload's own kept connection included)
      const clients = () => (pool as unknown as { _clients: { _queryable: boolean }[] })._clients
      await until(
        'dead connections to leave the pool',
        () => clients().every((client) => client._queryable),
        5_000,
        50,
      )
    }

    const service = await (payload.create as any)({
      collection: 'services',
      data: {
        title: 'Failover archive',
        kind: 'continuous_archive',
        archiveDays: 7,
        price: 500,
        currency: 'USD',
      },
    })
    const title = `After failover ${Date.now()}`
    const created = Date.now()
    const response = await request(await testServer())
      .post('/api/subscriptions')
      .set('Authorization', admin)
      .send({ title, currency: 'USD', services: [service.id] })
    expect(response.status).toBe(201)
    timings['subscription reaches Watcher after creation'] = await msUntil(
      'the preset in Watcher',
      () => [...emulator.state.presets.values()].some((preset) => preset.title === title),
      30_000,
    )
    const subscriptionId = response.body.doc.id as number
    await until('the subscription to be synced', async () => {
      const doc = (await payload.findByID({
        collection: 'subscriptions',
        id: subscriptionId,
        depth: 0,
      })) as any
      return doc.watcher?.status === 'synced'
    })
    expect(
      [...emulator.state.presets.values()].filter((preset) => preset.title === title),
    ).toHaveLength(1)
    expect(worker.running).toBe(true)
    timings['total since creation'] = Date.now() - created
  }, 180_000)
})
