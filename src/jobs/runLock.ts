import type { Payload } from 'payload'
import { LOCK_KEYS, withAdvisoryLock } from '../db'

/**
 * Payload 3.x does not claim jobs atomically, so exactly one process may run jobs at a time.
 * Every round of job running (the worker's, `POST /api/watcher/sync`'s) holds this PostgreSQL
 * advisory lock on its own connection; a runner that dies loses the lock with its connection.
 */
export const RUN_LOCK_KEY = LOCK_KEYS.jobRun

/** The leader lock among workers (see worker.ts), held for a leader's whole life. */
export const WORKER_LOCK_KEY = LOCK_KEYS.workerLeader

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
  return withAdvisoryLock(payload, RUN_LOCK_KEY, () => fn(), {
    waitMs,
    busy: () => new RunLockTimeout(),
  })
}
