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
    payload.logger.warn(
      `worker: could not queue the scheduled ${slug} (queue ${failed.scheduleConfig.queue})`,
    )
  }
  if (queued.length > 0) {
    const names = queued
      .map((entry) => entry.taskConfig?.slug ?? entry.workflowConfig?.slug)
      .join(', ')
    payload.logger.info(`worker: queued scheduled ${names}`)
  }
  return queued.length
}

/**
 * Calls `onTick` on every `expression` tick (node-cron), until the answered function is called.
 * `onTick` must return at once: the worker only raises a flag that its next round picks up, so
 * that schedule handling never overlaps a round.
 */
export function startScheduleTrigger(
  onTick: () => void,
  expression: string = SCHEDULES_CRON,
): () => Promise<void> {
  const task = cron.schedule(expression, () => onTick(), {
    name: 'payload-schedules',
    noOverlap: true,
  })
  return async () => {
    await task.destroy()
  }
}

/**
 * When each scheduled task runs: every cron of the system, read from the environment in this one
 * place when the config is built (a malformed expression stops the start with its variable named).
 */
export interface ScheduleSettings {
  /** Month close, hourly so each timezone's month end is caught (INVOICE_GENERATE_CRON, default minute 5). */
  invoiceGenerate: string
  /** Drafts past their grace period are issued (INVOICE_ISSUE_CRON, default minute 35). */
  invoiceIssue: string
  /** The outbox dispatcher (NOTIFICATIONS_DISPATCH_CRON, default every minute). */
  notificationsDispatch: string
  /** The daily dunning run (DUNNING_CRON, default 06:00 server time). */
  dunningRun: string
  /** The restoration check (DUNNING_RESTORE_CRON, default every 30 s: due at every tick of the trigger). */
  dunningRestore: string
  /** The usage collector (WATCHER_USAGE_CRON, default every 15 minutes). */
  watcherUsage: string
  /** The Watcher reconciliation (WATCHER_RECONCILE_CRON, default daily at 03:00 server time). */
  watcherReconcile: string
}

const SCHEDULE_VARIABLES: Record<keyof ScheduleSettings, [variable: string, fallback: string]> = {
  invoiceGenerate: ['INVOICE_GENERATE_CRON', '5 * * * *'],
  invoiceIssue: ['INVOICE_ISSUE_CRON', '35 * * * *'],
  notificationsDispatch: ['NOTIFICATIONS_DISPATCH_CRON', '* * * * *'],
  dunningRun: ['DUNNING_CRON', '0 6 * * *'],
  dunningRestore: ['DUNNING_RESTORE_CRON', '*/30 * * * * *'],
  watcherUsage: ['WATCHER_USAGE_CRON', '*/15 * * * *'],
  watcherReconcile: ['WATCHER_RECONCILE_CRON', '0 3 * * *'],
}

export function scheduleSettings(
  env: Record<string, string | undefined> = process.env,
): ScheduleSettings {
  const entries = Object.entries(SCHEDULE_VARIABLES).map(([name, [variable, fallback]]) => {
    const expression = env[variable]?.trim() || fallback
    if (!cron.validate(expression))
      throw new Error(`${variable} is not a cron expression: ${expression}`)
    return [name, expression]
  })
  return Object.fromEntries(entries) as unknown as ScheduleSettings
}
