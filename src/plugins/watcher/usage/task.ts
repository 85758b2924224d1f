import { BILLING_QUEUE, USAGE_COLLECT_TASK } from '../../../jobs/queues'
import { scheduledTask } from '../../../jobs/scheduledTask'
import type { ResolvedWatcherOptions } from '../options'
import { collectUsage, UsageCollectionBusy } from './collect'

/**
 * The usage collector, every 15 minutes by default (WATCHER_USAGE_CRON); POST /api/usage/collect
 * runs the same collection on demand. A failed collection fails the job (its report says why);
 * one that finds another collection running leaves the pull to it.
 */
export const usageCollectTask = (options: ResolvedWatcherOptions) =>
  scheduledTask(USAGE_COLLECT_TASK, {
    label: 'Camera usage collection',
    retries: 0,
    cron: options.usageCron,
    queue: BILLING_QUEUE,
    run: async (req) => {
      try {
        const result = await collectUsage(req.payload, { api: options.api })
        if (result.outcome === 'failed')
          throw new Error(`usage collection ${result.report} failed: ${result.error}`)
        return { report: result.report }
      } catch (error) {
        if (error instanceof UsageCollectionBusy) return { skipped: error.message }
        throw error
      }
    },
  })
