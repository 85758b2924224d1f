import type { Payload } from 'payload'
import { poolOf } from '../db/pool'

/**
 * Payload 3.x does not claim jobs atomically, so exactly one process may run jobs at a time.
 * Every round of job running (the worker's, `POST /api/watcher/sync`'s) holds this PostgreSQL
 * advisory lock on its own connection; a runner that dies loses the lock with its connection.
 */
export const RUN_LOCK_KEY = 7_311_802_114

/** The leader lock among workers (see worker.ts), held for a leader's whole life. */
export const WORKER_LOCK_KEY = 7_311_802_113

export class RunLockTimeout extends Error {
  constructor() {
    super('another job runner is busy; try again shortly')
    this.name = 'RunLockTimeout'
  }
}

/** Runs `fn` while holding the run lock; waits for it at most `waitMs`. */
export async function withRunLock<T>(
  payload: Payload,
  fn: () => Promise<T>,
  { waitMs = 60_000 }: { waitMs?: number } = {},
): Promise<T> {
  return withAdvisoryLock(payload, RUN_LOCK_KEY, fn, { waitMs, busy: () => new RunLockTimeout() })
}

/**
 * Runs `fn` while holding the session advisory lock `key` on a connection of its own; waits for it
 * at most `waitMs`, then throws `busy()`.
 */
export async function withAdvisoryLock<T>(
  payload: Payload,
  key: number,
  fn: () => Promise<T>,
  { waitMs, busy }: { waitMs: number; busy: () => Error },
): Promise<T> {
  const client = await poolOf(payload).connect()
  let locked = false
  try {
    await client.query(`set lock_timeout = ${Math.max(1, Math.floor(waitMs))}`)
    try {
      await client.query('select pg_advisory_lock($1)', [key])
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') throw busy()
      throw error
    }
    locked = true
    await client.query('reset lock_timeout')
    return await fn()
  } finally {
    // The connection goes back to the pool only without the lock and with Payload's own settings
    // (a timed-out wait used to leave its lock_timeout on it). If that cannot be made sure, it is
    // discarded: a pooled connection still holding the lock would block every runner for good.
    let unusable: Error | undefined
    try {
      if (locked) await client.query('select pg_advisory_unlock($1)', [key])
      await client.query('reset lock_timeout')
    } catch (error) {
      unusable = error instanceof Error ? error : new Error(String(error))
    }
    client.release(unusable)
  }
}
