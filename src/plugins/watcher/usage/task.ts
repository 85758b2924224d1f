import type { TaskConfig } from 'payload'
import { BILLING_QUEUE, USAGE_COLLECT_TASK } from '../../../jobs/queues'
import type { ResolvedWatcherOptions } from '../options'
import { collectUsage, UsageCollectionBusy } from './collect'

/**
 * The usage collector, every 15 minutes by default (WATCHER_USAGE_CRON); POST /api/usage/collect
 * runs the same collection on demand. A failed collection fails the job (its report says why);
 * one that finds another collection running leaves the pull to it.
 */
export function usageCollectTask(options: ResolvedWatcherOptions): TaskConfig<'usage-collect'> {
  return {
    slug: USAGE_COLLECT_TASK,
    label: 'Camera usage collection',
    retries: 0,
    schedule: [{ cron: options.usageCron, queue: BILLING_QUEUE }],
    handler: async ({ req }) => {
      try {
        const result = await collectUsage(req.payload, { api: options.api })
        if (result.outcome === 'failed')
          throw new Error(`usage collection ${result.report} failed: ${result.error}`)
        return { output: { report: result.report } }
      } catch (error) {
        if (error instanceof UsageCollectionBusy) return { output: { skipped: error.message } }
        throw error
      }
    },
  }
}
