import type { Payload } from 'payload'

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
  const before = new Date(Date.now() - staleAfterMs).toISOString()
  const result = await payload.db.updateJobs({
    where: {
      and: [
        { processing: { equals: true } },
        { completedAt: { exists: false } },
        { updatedAt: { less_than_equal: before } },
      ],
    },
    data: { processing: false },
    returning: true,
    req: {},
  })
  const count = result?.length ?? 0
  if (count > 0) payload.logger.warn(`sweeper: requeued ${count} job(s) left processing by a stopped runner`)
  return count
}
