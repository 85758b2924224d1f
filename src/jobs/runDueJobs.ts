import type { Payload } from 'payload'
import { withRunLock } from './runLock'
import { requeueOrphanedJobs } from './sweeper'

export interface RunDueJobsOptions {
  queue: string
  /** Also run jobs waiting out a retry delay (an operator's "sync now"). */
  includeWaiting?: boolean
  /** Jobs per batch; a batch runs in parallel. */
  batchSize?: number
  /** Batches at most, so that one call always ends. */
  maxBatches?: number
  /** How long to wait for another runner's round. */
  lockWaitMs?: number
}

/**
 * One round of the job runner: under the run lock, requeue orphans, then run due jobs of `queue`
 * batch after batch until none is due. Answers how many jobs ran.
 */
export async function runDueJobs(
  payload: Payload,
  {
    queue,
    includeWaiting = false,
    batchSize = 50,
    maxBatches = 200,
    lockWaitMs,
  }: RunDueJobsOptions,
): Promise<number> {
  return withRunLock(
    payload,
    async () => {
      await requeueOrphanedJobs(payload)
      if (includeWaiting) {
        await payload.db.updateJobs({
          where: {
            and: [
              { queue: { equals: queue } },
              { completedAt: { exists: false } },
              { hasError: { not_equals: true } },
              { waitUntil: { exists: true } },
              // only retry delays: a scheduled job (the daily reconcile) waits for its time too
              { totalTried: { greater_than: 0 } },
            ],
          },
          data: { waitUntil: null },
          returning: false,
          req: {},
        })
      }
      let ran = 0
      for (let batch = 0; batch < maxBatches; batch++) {
        const result = await payload.jobs.run({
          queue,
          limit: batchSize,
          overrideAccess: true,
          silent: true,
        })
        const count = Object.keys(result.jobStatus ?? {}).length
        ran += count
        if (result.noJobsRemaining || count === 0) break
      }
      return ran
    },
    { waitMs: lockWaitMs },
  )
}
