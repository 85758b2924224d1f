import type { TaskConfig } from 'payload'
import { BILLING_QUEUE, USAGE_COLLECT_TASK } from '../../../jobs/queues'

/** The usage collector, every 15 minutes by default (WATCHER_USAGE_CRON). */
export function usageCollectTask(): TaskConfig {
  return {
    slug: USAGE_COLLECT_TASK,
    label: 'Camera usage collection',
    retries: 0,
    schedule: [{ cron: process.env.WATCHER_USAGE_CRON ?? '*/15 * * * *', queue: BILLING_QUEUE }],
    handler: async () => {
      throw new Error('usage collection is not implemented yet')
    },
  } as TaskConfig
}
