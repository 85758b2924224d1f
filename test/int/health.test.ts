/**
 * GET /api/health/live and /api/health/ready: no login, the shape of DESIGN.md section 5, 503
 * naming the failing required check (database, migrations, worker), Watcher reported but not
 * required, and nothing secret in any answer.
 */
import pg from 'pg'
import type { Payload } from 'payload'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../../src/db/embeddedPostgres'
import { poolOf } from '../../src/db/pool'
import { WORKER_LOCK_KEY } from '../../src/jobs/runLock'
import { startWorker, type Worker } from '../../src/jobs/worker'
import type { WatcherEmulator } from '../../src/watcher-emulator'
import { testPayload, testServer } from '../helpers/app'
import { clearQueue, startBillingWatcher } from '../helpers/watcher'
import { until } from '../helpers/workerProcess'

let payload: Payload
let emulator: WatcherEmulator
let worker: Worker | undefined

const ready = async () => request(await testServer()).get('/api/health/ready')

beforeAll(async () => {
  payload = await testPayload()
  await clearQueue(payload)
  emulator = await startBillingWatcher('v3')
})

afterEach(async () => {
  emulator.faults.clear()
  await worker?.stop()
  worker = undefined
})

afterAll(async () => {
  await emulator?.close()
})

async function startLeader(): Promise<Worker> {
  worker = startWorker({ payload, heartbeatMs: 500 })
  await until('the worker to lead', () => worker!.isLeader, 20_000, 20)
  return worker
}

describe('GET /api/health/live', () => {
  it('answers 200 { status: "ok" } without a login', async () => {
    const response = await request(await testServer()).get('/api/health/live')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
  })
})

describe('GET /api/health/ready', () => {
  it('is 503 naming the worker while no worker holds the runner lock', async () => {
    const response = await ready()
    expect(response.status).toBe(503)
    expect(response.body.status).toBe('unavailable')
    expect(Object.keys(response.body.checks).sort()).toEqual([
      'database',
      'migrations',
      'watcher',
      'worker',
    ])
    expect(response.body.checks.database).toMatchObject({ ok: true })
    expect(response.body.checks.migrations).toMatchObject({ ok: true })
    expect(response.body.checks.watcher).toMatchObject({ ok: true })
    expect(response.body.checks.worker).toMatchObject({
      ok: false,
      error: 'no worker holds the runner lock',
    })
    for (const check of Object.values(response.body.checks) as { latencyMs: unknown }[]) {
      expect(check.latencyMs).toEqual(expect.any(Number))
    }
  })

  it('is 200 while a worker leads; Watcher down makes it degraded, not unavailable', async () => {
    await startLeader()
    const response = await ready()
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: {
        database: { ok: true },
        migrations: { ok: true },
        worker: { ok: true },
        watcher: { ok: true },
      },
    })
    expect(response.headers['cache-control']).toBe('no-store')

    emulator.faults.set({ status: 503 })
    const down = await ready()
    expect(down.status).toBe(200)
    expect(down.body.status).toBe('degraded')
    expect(down.body.checks.watcher.ok).toBe(false)
    expect(down.body.checks.watcher.error).toMatch(/503/)
    expect(down.body.checks.worker.ok).toBe(true)

    await worker!.stop()
    worker = undefined
    const stopped = await ready()
    expect(stopped.status).toBe(503)
    expect(stopped.body.checks.worker.ok).toBe(false)
  })

  it('is 503 when the lock holder stopped writing its heartbeat (a hung worker)', async () => {
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL })
    holder.on('error', () => undefined)
    await holder.connect()
    try {
      await holder.query('select pg_advisory_lock($1)', [WORKER_LOCK_KEY])
      await holder.query(
        `insert into worker_heartbeats (lock_key, holder, since, beat_at) values ($1, 'hung', now() - interval '10 minutes', now() - interval '2 minutes')
          on conflict (lock_key) do update set holder = excluded.holder, since = excluded.since, beat_at = excluded.beat_at`,
        [WORKER_LOCK_KEY],
      )
      const response = await ready()
      expect(response.status).toBe(503)
      expect(response.body.checks.worker.ok).toBe(false)
      expect(response.body.checks.worker.error).toMatch(/last reported 1[12]\d s ago/)
    } finally {
      await holder.end()
    }
  })

  it('is 503 naming the database when PostgreSQL is unreachable, within a few seconds and without secrets', async () => {
    const closedPort = await findFreePort()
    const unreachable = new pg.Pool({
      host: '127.0.0.1',
      port: closedPort,
      user: 'billing',
      password: 'hunter2-db-secret',
      database: 'billing',
    })
    unreachable.on('error', () => undefined)
    const adapter = payload.db as unknown as { pool: pg.Pool }
    const real = adapter.pool
    const previousWatcherUrl = process.env.WATCHER_URL
    adapter.pool = unreachable
    process.env.WATCHER_URL = `http://admin:hunter2-watcher-secret@127.0.0.1:${closedPort}`
    try {
      const started = Date.now()
      const response = await ready()
      expect(Date.now() - started).toBeLessThan(4_000)
      expect(response.status).toBe(503)
      expect(response.body.status).toBe('unavailable')
      expect(response.body.checks.database).toMatchObject({
        ok: false,
        error: expect.stringMatching(/ECONNREFUSED/),
      })
      expect(response.body.checks.watcher.ok).toBe(false)
      expect(response.text).not.toMatch(/hunter2/)
      // live does not depend on the database
      expect((await request(await testServer()).get('/api/health/live')).status).toBe(200)
    } finally {
      adapter.pool = real
      process.env.WATCHER_URL = previousWatcherUrl
      await unreachable.end()
    }
    expect(poolOf(payload)).toBe(real)
  })
})
