/**
 * Pools and connections that survive a database failover.
 *
 * When PostgreSQL ends a session (a failover or restart, `pg_terminate_backend`, an idle timeout
 * of a proxy), node-postgres emits `error` on the client, and on the pool when the client was
 * idle. An EventEmitter `error` without a listener is an uncaught exception: the whole process
 * dies, app and worker alike. pg-pool listens on idle clients itself but re-emits on the pool, and
 * listens on nothing while a client is checked out (a transaction in progress, the run lock's
 * connection); a plain `pg.Client` has no listener at all.
 *
 * What this module does instead: every such error is logged (at most one line a second per pool)
 * and the connection is dropped. A dead idle client is removed by the pool; a dead checked-out
 * client fails its holder's next query, and the pool discards it on release because it is no
 * longer queryable; the next `connect()` opens a fresh one. Nothing retries a query by itself:
 * the caller (a request, a job) fails, and jobs are retried by the queue.
 */
import type { Payload } from 'payload'
import type pg from 'pg'
import { poolOf } from './pool'

export interface FailoverLogger {
  warn(message: string): void
}

/** A pool as pg-pool implements it (its client lists are not part of the typed API). */
interface PoolInternals {
  _clients?: pg.PoolClient[]
  _idle?: { client: pg.PoolClient }[]
}

const hardened = new WeakSet<object>()
const guardedClients = new WeakSet<object>()

/** What to log of a connection error: its SQLSTATE and message, never a connection string. */
export function describeConnectionError(error: unknown): string {
  const code = (error as { code?: unknown })?.code
  const message = error instanceof Error ? error.message : String(error)
  return redactConnectionStrings(
    typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message,
  )
}

/** Hides the user information of URLs (`postgres://user:secret@host`) in a text. */
export function redactConnectionStrings(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@')
}

/** Collects connection losses and logs them at most once a second, with a count. */
function lossReporter(logger: FailoverLogger, what: string): (error: unknown) => void {
  let lost = 0
  let last = ''
  let timer: NodeJS.Timeout | undefined
  return (error) => {
    lost += 1
    last = describeConnectionError(error)
    timer ??= setTimeout(() => {
      logger.warn(
        `database: ${lost} ${what} connection error(s), last: ${last}; new connections are opened as needed`,
      )
      lost = 0
      timer = undefined
    }, 1_000)
    timer.unref?.()
  }
}

/**
 * Gives a standalone client an `error` listener, so that losing its connection is reported
 * (`onLost`) instead of crashing the process. Idempotent.
 */
export function guardClient(
  client: pg.Client,
  onLost: (error: unknown) => void = () => undefined,
): pg.Client {
  if (guardedClients.has(client)) return client
  guardedClients.add(client)
  client.on('error', onLost)
  return client
}

/**
 * Makes a pg pool survive its connections being ended by the server: an `error` listener on the
 * pool (idle clients), one on every client it has and will open (checked-out clients). Clients
 * checked out when this runs and never given back (Payload's adapter keeps one connection for
 * itself) are released to the pool with the error when they die, so that their slot is freed.
 * Idempotent.
 */
export function survivePoolFailover(pool: pg.Pool, logger: FailoverLogger): pg.Pool {
  if (hardened.has(pool)) return pool
  hardened.add(pool)
  const report = lossReporter(logger, 'pool')
  pool.on('error', (error) => report(error)) // an idle client died; pg-pool has already removed it
  const guard = (client: pg.PoolClient) => guardClient(client as unknown as pg.Client, report)
  pool.on('connect', guard)

  const internals = pool as unknown as PoolInternals
  const idle = new Set((internals._idle ?? []).map((item) => item.client))
  for (const client of internals._clients ?? []) {
    guard(client)
    if (idle.has(client)) continue
    // checked out since before we were called: Payload's own kept connection
    client.once('error', (error) => {
      try {
        client.release(error instanceof Error ? error : new Error(String(error)))
      } catch {
        // released by its holder meanwhile
      }
    })
  }
  return pool
}

/** The Payload adapter's pool, made to survive a failover (see survivePoolFailover). */
export function survivePayloadPoolFailover(payload: Payload): void {
  survivePoolFailover(poolOf(payload), { warn: (message) => payload.logger.warn(message) })
}
