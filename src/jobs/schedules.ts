import cron from 'node-cron'
import type { Payload } from 'payload'

/**
 * How often the worker asks Payload to queue the due runs of task and workflow `schedule` entries
 * (such as the daily reconcile): every minute, at second 0. Payload's own `schedule` cron then
 * decides what is due; this trigger only has to come often enough.
 */
export const SCHEDULES_CRON = '* * * * *'

/** True when some task or workflow has a `schedule` (Payload then keeps the payload-jobs-stats global). */
export function hasSchedules(payload: Payload): boolean {
  return Boolean(payload.config.jobs?.enabled && payload.config.jobs.scheduling)
}

/**
 * Queues the next run of every `schedule` entry that has none pending, each into its own queue,
 * with `waitUntil` at its next cron time (Payload's `handleSchedules`); the worker's rounds run
 * it once due. Answers how many jobs were queued.
 */
export async function queueDueSchedules(payload: Payload): Promise<number> {
  if (!hasSchedules(payload)) return 0
  const { queued, errored } = await payload.jobs.handleSchedules({ allQueues: true })
  for (const failed of errored) {
    const slug = failed.taskConfig?.slug ?? failed.workflowConfig?.slug ?? '?'
    payload.logger.warn(`worker: could not queue the scheduled ${slug} (queue ${failed.scheduleConfig.queue})`)
  }
  if (queued.length > 0) {
    const names = queued.map((entry) => entry.taskConfig?.slug ?? entry.workflowConfig?.slug).join(', ')
    payload.logger.info(`worker: queued scheduled ${names}`)
  }
  return queued.length
}

/**
 * Calls `onTick` on every `expression` tick (node-cron), until the answered function is called.
 * `onTick` must return at once: the worker only raises a flag that its next round picks up, so
 * that schedule handling never overlaps a round.
 */
export function startScheduleTrigger(onTick: () => void, expression: string = SCHEDULES_CRON): () => Promise<void> {
  const task = cron.schedule(expression, () => onTick(), { name: 'payload-schedules', noOverlap: true })
  return async () => {
    await task.destroy()
  }
}
