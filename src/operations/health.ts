/**
 * Health of a billing process, for load balancers, orchestrators and monitoring (no login):
 *
 * - `GET /api/health/live`: 200 `{ status: "ok" }` while the process answers; touches nothing else.
 * - `GET /api/health/ready`: `{ status, checks: { database, migrations, worker, watcher } }`, each
 *   check `{ ok, latencyMs, error? }`, all run at once with short timeouts. 503 (`unavailable`) when
 *   a required check fails: the database, the migrations, a live worker. Watcher is reported but not
 *   required (`degraded`, still 200): while it is down billing keeps working and changes wait in
 *   the queue, so taking every app replica out of a load balancer would only make things worse.
 *
 * Answers carry no secrets and no document data: errors are short causes, with the user
 * information of any URL hidden.
 */
import type { Endpoint } from 'payload'
import type pg from 'pg'
import { redactConnectionStrings } from '../db/failover'
import { poolOf } from '../db/pool'
import { operation } from '../endpoints/operation'
import { leaderStatus } from '../jobs/heartbeat'
import { migrations } from '../migrations'
import { createWatcherApi, watcherApiOptionsFromEnv, type WatcherApi } from '../plugins/watcher'

export interface CheckResult {
  ok: boolean
  latencyMs: number
  error?: string
}

export type CheckName = 'database' | 'migrations' | 'worker' | 'watcher'

export interface Readiness {
  status: 'ok' | 'degraded' | 'unavailable'
  checks: Record<CheckName, CheckResult>
}

/** Checks whose failure makes the process not ready (503). */
export const REQUIRED_CHECKS: readonly CheckName[] = ['database', 'migrations', 'worker']

/** A worker whose last heartbeat is older than this is taken for hung. */
export const WORKER_HEARTBEAT_MAX_AGE_SECONDS = 60

const TIMEOUT_MS: Record<CheckName, number> = {
  database: 2_000,
  migrations: 2_000,
  worker: 2_000,
  watcher: 3_000,
}

class CheckFailed extends Error {}

function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code
  const message = error instanceof Error ? error.message : String(error)
  const text =
    typeof code === 'string' && code && !message.includes(code) ? `${code}: ${message}` : message
  return redactConnectionStrings(text).slice(0, 300)
}

async function timed(name: CheckName, check: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CheckFailed(`no answer within ${TIMEOUT_MS[name]} ms`)),
      TIMEOUT_MS[name],
    )
  })
  try {
    await Promise.race([check(), timeout])
    return { ok: true, latencyMs: Math.round(performance.now() - started) }
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: describe(error) }
  } finally {
    clearTimeout(timer)
  }
}

async function checkDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('select 1')
}

async function checkMigrations(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>('select name from payload_migrations')
  const applied = new Set(rows.map((row) => row.name))
  const pending = migrations.map((migration) => migration.name).filter((name) => !applied.has(name))
  if (pending.length > 0) {
    throw new CheckFailed(
      `${pending.length} migration(s) not applied: ${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}`,
    )
  }
}

async function checkWorker(pool: pg.Pool): Promise<void> {
  const { held, heartbeatAgeSeconds } = await leaderStatus(pool)
  if (!held) throw new CheckFailed('no worker holds the runner lock')
  if (heartbeatAgeSeconds === null)
    throw new CheckFailed('the worker holding the runner lock has written no heartbeat')
  if (heartbeatAgeSeconds > WORKER_HEARTBEAT_MAX_AGE_SECONDS) {
    throw new CheckFailed(
      `the worker holding the runner lock last reported ${Math.round(heartbeatAgeSeconds)} s ago`,
    )
  }
}

let probe: { key: string; api: WatcherApi } | undefined

/** A Watcher client of its own: short timeout, no retries; kept while WATCHER_* stay the same (v3 keeps its token). */
function watcherProbe(): WatcherApi {
  if (!process.env.WATCHER_URL) throw new CheckFailed('WATCHER_URL is not set')
  const options = watcherApiOptionsFromEnv()
  const key = JSON.stringify(options)
  if (probe?.key !== key) {
    probe = {
      key,
      api: createWatcherApi({
        ...options,
        timeoutMs: TIMEOUT_MS.watcher - 500,
        retry: { limit: 0 },
        userAgent: 'watcher-billing health',
      }),
    }
  }
  return probe.api
}

async function checkWatcher(): Promise<void> {
  await watcherProbe().checkConnection()
}

/** Runs every check at once; never throws. */
export async function readiness(pool: pg.Pool): Promise<Readiness> {
  const [database, migrationsCheck, worker, watcher] = await Promise.all([
    timed('database', () => checkDatabase(pool)),
    timed('migrations', () => checkMigrations(pool)),
    timed('worker', () => checkWorker(pool)),
    timed('watcher', checkWatcher),
  ])
  const checks: Record<CheckName, CheckResult> = {
    database,
    migrations: migrationsCheck,
    worker,
    watcher,
  }
  const requiredOk = REQUIRED_CHECKS.every((name) => checks[name].ok)
  const status = !requiredOk
    ? 'unavailable'
    : Object.values(checks).every((check) => check.ok)
      ? 'ok'
      : 'degraded'
  return { status, checks }
}

const noStore = { 'cache-control': 'no-store' }

/** Their answers have shapes of their own (DESIGN.md section 5), so the handlers write them whole. */
export const healthEndpoints: Endpoint[] = [
  operation({
    path: '/health/live',
    method: 'get',
    access: 'public',
    handler: async () => Response.json({ status: 'ok' }, { headers: noStore }),
  }),
  operation({
    path: '/health/ready',
    method: 'get',
    access: 'public',
    handler: async (req) => {
      const report = await readiness(poolOf(req.payload))
      return Response.json(report, {
        status: report.status === 'unavailable' ? 503 : 200,
        headers: noStore,
      })
    },
  }),
]
