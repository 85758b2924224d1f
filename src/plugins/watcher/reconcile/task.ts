import type { TaskConfig } from 'payload'
import { RECONCILE_TASK, WATCHER_QUEUE } from '../../../jobs/queues'
import type { ResolvedWatcherOptions } from '../options'
import { reconcile } from './reconcile'

/** The scheduled reconciliation (daily by default); also run on demand by POST /api/watcher/reconcile. */
export function reconcileTask(options: ResolvedWatcherOptions): TaskConfig<'watcher-reconcile'> {
  return {
    slug: RECONCILE_TASK,
    label: 'Watcher reconciliation',
    retries: 0,
    schedule: [{ cron: options.reconcileCron, queue: WATCHER_QUEUE }],
    outputSchema: [{ name: 'report', type: 'number' }],
    handler: async ({ req }) => {
      const report = await reconcile(req.payload, {
        api: options.api,
        cause: 'reconcile (scheduled)',
      })
      return { output: { report: report.id } }
    },
  }
}
