import os from 'node:os'
import type { Payload, Where } from 'payload'
import pg from 'pg'
import { QUEUES } from './queues'
import { runDueJobs } from './runDueJobs'
import { RunLockTimeout, withRunLock, WORKER_LOCK_KEY } from './runLock'
import { queueDueSchedules, startScheduleTrigger } from './schedules'
import { requeueOrphanedJobs } from './sweeper'
import { LeaderHeartbeat } from './heartbeat'
import { startMetricsServer, type MetricsServer } from '../operations'

/**
 * Leader election among workers: the one holding this PostgreSQL advisory lock runs jobs and
 * schedules; the others wait on it. It is held for the leader's whole life on a connection of its
 * own, and Postgres releases it when that connection ends (a crashed or partitioned worker).
 * Each round also takes RUN_LOCK_KEY (see runLock.ts), which other runners such as "sync now" use.
 */
export { WORKER_LOCK_KEY }

/** `application_name` of the connection holding or waiting for the leader lock (see pg_stat_activity). */
export function workerApplicationName(): string {
  return `watcher-billing worker ${process.pid}@${os.hostname()}`.slice(0, 63) // Postgres keeps 63 bytes
}

export interface WorkerOptions {
  payload: Payload
  /** Queues run in each round, in order. Default: QUEUES. */
  queues?: readonly string[]
  /** Pause between rounds; a job queued while idle waits at most this long. Default 250 ms. */
  pollMs?: number
  /** Jobs claimed at once (run in parallel) per queue; a queue with more runs again at once. */
  batchSize?: number
  /** node-cron expression of the schedule trigger. Default every minute. */
  schedulesCron?: string
  /** How often the leader checks that its lock connection is alive. Default 5 s. */
  heartbeatMs?: number
  /** Connection settings of the lock connection. Default: those of Payload's pool. */
  lockConnection?: pg.ClientConfig
  /**
   * Serve this process's metrics (GET /metrics, METRICS_TOKEN) on this port while running.
   * Default: WORKER_METRICS_PORT; unset: no server.
   */
  metricsPort?: number
}

export interface Worker {
  /** True while this worker holds the leader lock, from its first heartbeat written on. */
  readonly isLeader: boolean
  /** Settles when the worker has stopped (after `stop()`). */
  readonly done: Promise<void>
  /** Stops taking new rounds, waits for the current one, releases the lock and its connection. */
  stop(): Promise<void>
}

const LOCK_WAIT_SLICE_MS = 1_000
const RUN_LOCK_WAIT_MS = 5_000
const MAX_ERROR_BACKOFF_MS = 30_000
/** Longest pause between attempts to reconnect for the leader lock (a database failing over). */
const MAX_RECONNECT_BACKOFF_MS = 5_000
/**
 * Server-side keepalives of the lock session: when the leader's machine dies without closing its
 * connection, Postgres drops the session, and with it the lock, after about 25 s instead of the
 * operating system's default of two hours.
 */
const LOCK_SESSION_SETTINGS = [
  'set tcp_keepalives_idle = 10',
  'set tcp_keepalives_interval = 5',
  'set tcp_keepalives_count = 3',
]

/** A pause that `wake()` ends early. */
class Pause {
  private resume: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.resume = resolve
      this.timer = setTimeout(resolve, ms)
    })
  }

  wake(): void {
    clearTimeout(this.timer)
    this.resume?.()
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Closes a connection, by force when the server does not answer (a dead network). */
async function closeConnection(client: pg.Client): Promise<void> {
  try {
    await within(client.end(), 2_000, 'closing the lock connection')
  } catch {
    client.connection.stream.destroy()
  }
}

/**
 * Starts a job worker: waits for the leader lock, then, while holding it, sweeps jobs left
 * processing by a dead runner, queues due schedules every minute (node-cron) and runs the due
 * jobs of every queue every `pollMs`, one round at a time. If the lock connection is lost it stops
 * running and waits for the lock again.
 */
export function startWorker(options: WorkerOptions): Worker {
  const { payload, queues = QUEUES, pollMs = 250, batchSize = 50, heartbeatMs = 5_000 } = options
  const log = payload.logger
  const jobsEnabled = Boolean(payload.config.jobs?.enabled)
  const pause = new Pause()
  let stopping = false
  let isLeader = false
  /** Why the leader lock was lost during the current leadership (its connection died); unset while held. */
  let lostLock: string | undefined
  /** Rounds end at a batch boundary when stopping or when the lock is gone: another worker may lead by now. */
  const mustYield = () => stopping || lostLock !== undefined

  const connectionConfig = (): pg.ClientConfig => {
    const base =
      options.lockConnection ??
      (payload.db as unknown as { pool?: { options?: pg.ClientConfig } }).pool?.options
    if (!base)
      throw new Error(
        'no connection settings for the worker lock (the database adapter has no pg pool)',
      )
    return {
      ...base,
      application_name: workerApplicationName(),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    }
  }

  /** Waits for the leader lock in slices, so that a stop is noticed; false when stopped first. */
  const acquire = async (client: pg.Client): Promise<boolean> => {
    for (const setting of LOCK_SESSION_SETTINGS) await client.query(setting)
    await client.query(`set lock_timeout = ${LOCK_WAIT_SLICE_MS}`)
    while (!stopping) {
      try {
        await client.query('select pg_advisory_lock($1)', [WORKER_LOCK_KEY])
        await client.query('set lock_timeout = 0')
        return true
      } catch (error) {
        if ((error as { code?: string }).code !== '55P03') throw error
      }
    }
    return false
  }

  /** Due or orphaned jobs exist in our queues: one cheap query instead of a locked round per queue. */
  const workToDo = async (): Promise<boolean> => {
    const where: Where = {
      and: [
        { queue: { in: [...queues] } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
        {
          or: [
            { processing: { equals: true } },
            { waitUntil: { exists: false } },
            { waitUntil: { less_than: new Date().toISOString() } },
          ],
        },
      ],
    }
    const { totalDocs } = await payload.db.count({ collection: 'payload-jobs', where, req: {} })
    return totalDocs > 0
  }

  /** One round: every queue, batch after batch until none is due or the worker stops. */
  const round = async () => {
    if (!(await workToDo())) return
    for (const queue of queues) {
      let ran = 0
      for (;;) {
        const count = await runDueJobs(payload, {
          queue,
          batchSize,
          maxBatches: 1,
          lockWaitMs: RUN_LOCK_WAIT_MS,
        })
        ran += count
        if (count < batchSize || mustYield()) break
      }
      if (ran > 0) log.info(`worker: ran ${ran} job(s) of queue ${queue}`)
      if (mustYield()) return
    }
  }

  /** Runs rounds while holding the lock; returns when stopping or when the lock connection is lost. */
  const lead = async (client: pg.Client) => {
    lostLock = undefined
    let leading = true
    const loseLock = (why: string) => {
      if (!leading) return // the connection closing after leadership ended (a stop) is no loss
      if (lostLock === undefined) {
        lostLock = why
        log.warn(
          `worker: the runner lock's connection failed (${why}); no new jobs start until the lock is held again`,
        )
      }
      pause.wake()
    }
    client.on('error', (error) => loseLock(describe(error)))
    client.on('end', () => loseLock('connection closed'))
    const beat = new LeaderHeartbeat(client, log)
    let beating = false
    const heartbeat = setInterval(() => {
      if (beating) return
      beating = true
      within(beat.beat(), Math.max(heartbeatMs, 5_000), 'lock connection heartbeat')
        .catch((error: unknown) => loseLock(describe(error)))
        .finally(() => (beating = false))
    }, heartbeatMs)
    let schedulesDue = true // once at taking leadership, then at each trigger
    const stopTrigger = jobsEnabled
      ? startScheduleTrigger(() => {
          schedulesDue = true
          pause.wake()
        }, options.schedulesCron)
      : async () => {}
    let failures = 0
    let waitingForRunner = false
    try {
      await within(beat.start(), 10_000, 'writing the worker heartbeat')
      // leading from here: readiness sees the lock and a fresh heartbeat, not a stale row of before
      isLeader = true
      if (jobsEnabled) {
        await withRunLock(payload, () => requeueOrphanedJobs(payload), { waitMs: 60_000 }) // logs what it requeues
      } else {
        log.info('worker: no job tasks are configured; idle')
      }
      while (!mustYield()) {
        if (jobsEnabled) {
          try {
            if (schedulesDue) {
              schedulesDue = false
              await queueDueSchedules(payload)
            }
            await round()
            failures = 0
            waitingForRunner = false
          } catch (error) {
            if (error instanceof RunLockTimeout) {
              // a long "sync now" of the app holds it: not a failure, try again at the next round
              if (!waitingForRunner) log.info('worker: another runner holds the run lock; waiting')
              waitingForRunner = true
            } else {
              failures += 1
              log.error(`worker: round failed: ${describe(error)}`)
            }
          }
        }
        if (mustYield()) break
        await pause.sleep(
          failures > 0 ? Math.min(MAX_ERROR_BACKOFF_MS, 1_000 * 2 ** (failures - 1)) : pollMs,
        )
      }
    } finally {
      leading = false
      clearInterval(heartbeat)
      await stopTrigger()
    }
    if (lostLock !== undefined)
      log.warn(`worker: lost the runner lock (${lostLock}); waiting for it again`)
  }

  const main = async () => {
    const metricsPort =
      options.metricsPort ??
      (process.env.WORKER_METRICS_PORT ? Number(process.env.WORKER_METRICS_PORT) : undefined)
    let metrics: MetricsServer | undefined
    if (metricsPort !== undefined && Number.isInteger(metricsPort)) {
      try {
        metrics = await startMetricsServer({ port: metricsPort })
        log.info(`worker: metrics at http://0.0.0.0:${metrics.port}/metrics`)
      } catch (error) {
        log.error(`worker: could not serve metrics on port ${metricsPort}: ${describe(error)}`)
      }
    }
    try {
      await runWorker()
    } finally {
      await metrics?.close()
    }
  }

  const runWorker = async () => {
    let attempt = 0
    while (!stopping) {
      let client: pg.Client | undefined
      try {
        client = new pg.Client(connectionConfig())
        client.on('error', () => undefined) // reported by lead(); without a listener it would crash
        await client.connect()
        log.info('worker: waiting for the runner lock')
        if (!(await acquire(client))) break
        attempt = 0
        log.info('worker: holding the runner lock')
        await lead(client)
      } catch (error) {
        attempt += 1
        log.error(`worker: ${describe(error)}`)
      } finally {
        const held = isLeader
        isLeader = false
        if (held && client) {
          await within(
            client.query('select pg_advisory_unlock($1)', [WORKER_LOCK_KEY]),
            2_000,
            'unlock',
          ).catch(
            () => undefined, // closing the connection releases it anyway
          )
        }
        if (client) await closeConnection(client)
        if (held && stopping) log.info('worker: released the runner lock')
      }
      if (!stopping)
        await pause.sleep(Math.min(MAX_RECONNECT_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 5)))
    }
  }

  const done = main()
  return {
    get isLeader() {
      return isLeader
    },
    done,
    async stop() {
      stopping = true
      pause.wake()
      await done
    },
  }
}
