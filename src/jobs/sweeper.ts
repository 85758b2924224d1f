import type { Payload } from 'payload'
import { poolOf } from '../db/pool'

/**
 * Puts back jobs left `processing` by a runner that died mid-job (Payload marks a job processing
 * when it picks it and never resets it when the process is killed).
 *
 * Called only while holding the run lock: no other runner is working then, so a job still marked
 * processing whose last update is older than `staleAfterMs` belongs to a dead runner. The default
 * of 0 requeues every such job at once; a larger value is a safety margin for runners that do not
 * take the lock (none in this project).
 */
export async function requeueOrphanedJobs(
  payload: Payload,
  { staleAfterMs = 0 }: { staleAfterMs?: number } = {},
): Promise<number> {
  const before = new Date(Date.now() - staleAfterMs)
  // raw SQL for the increment: the interrupted run counts as an attempt, so a job that kills its
  // runner every time ends like any failing job instead of being requeued forever
  const pool = poolOf(payload)
  const result = await pool.query(
    `update payload_jobs set processing = false, total_tried = coalesce(total_tried, 0) + 1, updated_at = now()
      where processing = true and completed_at is null and updated_at <= $1`,
    [before],
  )
  const count = result.rowCount ?? 0
  if (count > 0)
    payload.logger.warn(`sweeper: requeued ${count} job(s) left processing by a stopped runner`)
  return count
}
