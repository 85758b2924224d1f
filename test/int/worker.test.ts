/**
 * `npm run worker` as it runs in production: real child processes (`tsx scripts/worker.ts`)
 * against the test database and an in-process Watcher emulator. Leader election through the
 * advisory lock, takeover after SIGTERM, and recovery of a job whose worker was SIGKILLed.
 */
import pg from 'pg'
import type { Payload } from 'payload'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WORKER_LOCK_KEY } from '../../src/jobs/worker'
import { startWatcherEmulator, type WatcherEmulator } from '../../src/watcher-emulator'
import { clearQueue } from '../helpers/watcher'
import { testPayload } from '../helpers/app'
import { until, WorkerProcess } from '../helpers/workerProcess'

const WATCHER = { user: 'admin', password: 'worker-test-secret' }

let payload: Payload
let emulator: WatcherEmulator
let db: pg.Client
let workers: WorkerProcess[] = []

function startWorkerProcess(name: string): WorkerProcess {
  const worker = new WorkerProcess(name, {
    ...process.env,
    WATCHER_URL: emulator.url,
    WATCHER_USER: WATCHER.user,
    WATCHER_PASSWORD: WATCHER.password,
    WATCHER_API: 'v3',
    PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
  })
  workers.push(worker)
  return worker
}

/** Sessions holding or waiting for the leader lock of this file's database (pg_locks shows every database's). */
async function leaderLock(): Promise<{ holders: number; waiters: number }> {
  const { rows } = await db.query<{ granted: boolean }>(
    `select granted from pg_locks
      where locktype = 'advisory' and classid = $1 and objid = $2 and objsubid = 1
        and database = (select oid from pg_database where datname = current_database())`,
    [Math.floor(WORKER_LOCK_KEY / 2 ** 32), WORKER_LOCK_KEY % 2 ** 32],
  )
  return {
    holders: rows.filter((row) => row.granted).length,
    waiters: rows.filter((row) => !row.granted).length,
  }
}

/** Waits for that many holders and waiters (a waiter leaves the queue for a moment every second). */
async function lockIs(holders: number, waiters: number): Promise<void> {
  await until(
    `${holders} holder(s) and ${waiters} waiter(s) of the leader lock`,
    async () => {
      const lock = await leaderLock()
      return lock.holders === holders && lock.waiters === waiters
    },
    10_000,
    50,
  )
}

function watcherOrganizations(title: string) {
  return [...emulator.state.organizations.values()].filter(
    (organization) => organization.title === title,
  )
}

async function jobsOf(organizationId: number) {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    limit: 0,
    pagination: false,
    depth: 0,
  })
  return docs.filter((job) => {
    const input = job.input as { collection?: string; id?: number } | undefined
    return input?.collection === 'organizations' && input.id === organizationId
  })
}

async function createOrganization(title: string): Promise<number> {
  const create = payload.create.bind(payload) as unknown as (args: {
    collection: 'organizations'
    data: Record<string, unknown>
  }) => Promise<{ id: number }>
  const organization = await create({ collection: 'organizations', data: { title } })
  return organization.id
}

beforeAll(async () => {
  payload = await testPayload()
  emulator = await startWatcherEmulator({
    port: 0,
    adminUser: WATCHER.user,
    adminPassword: WATCHER.password,
  })
  db = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await db.connect()
})

beforeEach(async () => {
  emulator.faults.clear()
  // jobs that other test files left in the shared database would run here too, and their
  // documents' Watcher ids (of emulators that are gone) would clash with this emulator's
  await clearQueue(payload)
})

afterEach(async () => {
  for (const worker of workers) {
    if (!worker.running) continue
    worker.signal('SIGKILL')
    await worker.exited
  }
  workers = []
})

afterAll(async () => {
  await db?.end()
  await emulator?.close()
})

describe('npm run worker', () => {
  it('runs jobs in one worker only; a standby waits on the lock and takes over after SIGTERM', async () => {
    const first = startWorkerProcess('worker A')
    const second = startWorkerProcess('worker B')
    await Promise.all([
      first.waitFor('waiting for the runner lock'),
      second.waitFor('waiting for the runner lock'),
    ])
    await lockIs(1, 1)
    await until(
      'a leader to say so',
      () => first.says('holding the runner lock') || second.says('holding the runner lock'),
    )
    const [leader, standby] = first.says('holding the runner lock')
      ? [first, second]
      : [second, first]
    expect(standby.says('holding the runner lock')).toBe(false)

    const title = `Worker leader ${Date.now()}`
    // (latency is measured by bench/sync-latency.bench.ts, not asserted here)
    const organizationId = await createOrganization(title)
    await until(
      'the organization in Watcher',
      () => watcherOrganizations(title).length > 0,
      20_000,
      20,
    )
    await until('the job to finish', async () => (await jobsOf(organizationId)).length === 0)
    await leader.waitFor('ran 1 job(s) of queue watcher')
    expect(standby.output).not.toMatch(/ran \d+ job/)
    await lockIs(1, 1)

    leader.signal('SIGTERM')
    expect(await leader.exited).toEqual({ code: 0, signal: null })
    expect(leader.output).toContain('released the runner lock')
    await standby.waitFor('holding the runner lock')
    await lockIs(1, 0)

    const next = `Worker takeover ${Date.now()}`
    const nextId = await createOrganization(next)
    await until(
      'the second organization in Watcher',
      () => watcherOrganizations(next).length > 0,
      20_000,
      20,
    )
    await until('the second job to finish', async () => (await jobsOf(nextId)).length === 0)
    await standby.waitFor('ran 1 job(s) of queue watcher')
    expect(watcherOrganizations(title)).toHaveLength(1)
    expect(watcherOrganizations(next)).toHaveLength(1)

    standby.signal('SIGTERM')
    expect(await standby.exited).toEqual({ code: 0, signal: null })
    await lockIs(0, 0)
  }, 180_000)

  it('a job whose worker was killed mid-job is requeued by the next worker and delivered once', async () => {
    const first = startWorkerProcess('worker A')
    await first.waitFor('holding the runner lock')

    // every Watcher call takes 3 s: the job is still running when Watcher has created the organization
    emulator.faults.set({ latency_ms: 3_000 })
    const title = `Worker crash ${Date.now()}`
    const organizationId = await createOrganization(title)
    await until(
      'the job to be processing',
      async () => (await jobsOf(organizationId))[0]?.processing === true,
      20_000,
      50,
    )
    await until(
      'the organization in Watcher',
      () => watcherOrganizations(title).length > 0,
      30_000,
      10,
    )
    first.signal('SIGKILL')
    await first.exited
    const [orphan] = await jobsOf(organizationId)
    expect(orphan?.processing).toBe(true) // left behind: nobody will reset it but the sweeper
    expect(orphan?.completedAt ?? null).toBeNull()
    emulator.faults.clear()

    const second = startWorkerProcess('worker B')
    await second.waitFor('holding the runner lock')
    await second.waitFor('requeued 1 job(s)')
    await until(
      'the requeued job to finish',
      async () => (await jobsOf(organizationId)).length === 0,
      30_000,
    )
    await second.waitFor('ran 1 job(s) of queue watcher')

    const delivered = watcherOrganizations(title)
    expect(delivered).toHaveLength(1)
    const organization = await payload.findByID({
      collection: 'organizations',
      id: organizationId,
      depth: 0,
    })
    const watcher = (
      organization as unknown as { watcher?: { id?: number | null; status?: string | null } }
    ).watcher
    expect(watcher?.id).toBe(delivered[0].id)
    expect(watcher?.status).toBe('synced')

    await new Promise((resolve) => setTimeout(resolve, 1_500)) // no late second delivery
    expect(watcherOrganizations(title)).toHaveLength(1)
    second.signal('SIGTERM')
    expect(await second.exited).toEqual({ code: 0, signal: null })
  }, 180_000)
})
