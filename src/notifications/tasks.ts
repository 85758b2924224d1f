import type { Payload, TaskConfig, TypedJobs } from 'payload'
import {
  NOTIFICATIONS_DISPATCH_TASK,
  NOTIFICATIONS_EMAIL_TASK,
  NOTIFICATIONS_QUEUE,
  NOTIFICATIONS_WEBHOOK_TASK,
} from '../jobs/queues'
import { exponentialRetries } from '../jobs/exponentialRetries'
import { queueRun } from '../jobs/queueRun'
import { scheduledTask } from '../jobs/scheduledTask'
import { dispatchEvents } from './dispatch'
import { sendEmailDelivery } from './email'
import { sendWebhookDelivery } from './webhook'
import type { DeliveryCollection } from './deliveries'
import { describeError, PermanentNotificationError, WebhookHttpError } from './errors'
import { deliveryAttempts } from './store'
import { nextAttemptAt, notificationSettings, type NotificationSettings } from './settings'

/** The outbox dispatcher: every minute, fans undispatched billing events out into deliveries and their jobs. */
export const notificationsDispatchTask = (
  cron: string,
  settings: NotificationSettings = notificationSettings(),
) =>
  scheduledTask(NOTIFICATIONS_DISPATCH_TASK, {
    label: 'Notifications: dispatch billing events',
    retries: 2,
    cron,
    queue: NOTIFICATIONS_QUEUE,
    outputs: ['events', 'emails', 'webhooks', 'failed'],
    run: async (req) => {
      const { more, ...output } = await dispatchEvents(req.payload, {
        limit: settings.dispatchBatch,
      })
      // a burst (a month close) drains run after run, each a bounded job, so other jobs go between
      if (more) await queueRun(req, NOTIFICATIONS_DISPATCH_TASK, NOTIFICATIONS_QUEUE)
      return output
    },
  })

/**
 * Records a failed try on the delivery and tells whether the job should retry: not after the last
 * try nor after a failure that retrying will not fix (the delivery is then `failed`).
 */
async function recordFailure(
  payload: Payload,
  collection: DeliveryCollection,
  id: number,
  {
    attempt,
    tryOfJob,
    attempts,
    delayMs,
    error,
  }: { attempt: number; tryOfJob: number; attempts: number; delayMs: number; error: unknown },
): Promise<boolean> {
  const retry = tryOfJob < attempts && !(error instanceof PermanentNotificationError)
  const message = describeError(error)
  const recorded = {
    status: retry ? ('retrying' as const) : ('failed' as const),
    attempts: attempt,
    lastAttemptAt: new Date().toISOString(),
    lastError: message,
  }
  const update =
    collection === 'webhook-deliveries'
      ? payload.update({
          collection,
          id,
          data: {
            ...recorded,
            lastHttpStatus: error instanceof WebhookHttpError ? error.status : null,
            nextAttemptAt: retry ? nextAttemptAt(tryOfJob, delayMs).toISOString() : null,
          },
        })
      : payload.update({ collection, id, data: recorded })
  await update.catch(() => undefined) // a delivery deleted meanwhile: nothing to record
  const what = collection === 'email-deliveries' ? 'e-mail' : 'webhook'
  if (retry)
    payload.logger.warn(
      `notifications: ${what} delivery ${id} attempt ${attempt} failed, will retry: ${message}`,
    )
  else
    payload.logger.error(
      `notifications: ${what} delivery ${id} failed after ${attempt} attempt(s): ${message}`,
    )
  return retry
}

/**
 * One delivery per job. Payload counts retries after the first try: `attempts` tries per job in all,
 * the last one decides (recorded as failed instead of thrown).
 */
function deliveryTask<Slug extends 'notifications-email' | 'notifications-webhook'>(
  slug: Slug,
  {
    label,
    collection,
    attempts,
    retryDelayMs,
    outputSchema,
    send,
  }: {
    label: string
    collection: DeliveryCollection
    attempts: number
    retryDelayMs: number
    outputSchema: NonNullable<TaskConfig['outputSchema']>
    send: (
      payload: Payload,
      id: number,
      attempt: number,
    ) => Promise<TypedJobs['tasks'][Slug]['output']>
  },
): TaskConfig<Slug> {
  const table = collection === 'email-deliveries' ? 'email_deliveries' : 'webhook_deliveries'
  return {
    slug,
    label,
    retries: exponentialRetries(attempts, retryDelayMs),
    inputSchema: [{ name: 'delivery', type: 'number', required: true }],
    outputSchema,
    handler: async ({ input, job, req }) => {
      const id = Number(input.delivery)
      const tryOfJob = Number(job.totalTried ?? 0) + 1
      const attempt = (await deliveryAttempts(req.payload, table, id)) + 1
      try {
        return { output: await send(req.payload, id, attempt) }
      } catch (error) {
        const retry = await recordFailure(req.payload, collection, id, {
          attempt,
          tryOfJob,
          attempts,
          delayMs: retryDelayMs,
          error,
        })
        if (retry) throw error
        return { output: { outcome: 'failed' } }
      }
    },
  } as TaskConfig<Slug>
}

/** One e-mail per job. */
export const notificationsEmailTask = (settings: NotificationSettings = notificationSettings()) =>
  deliveryTask(NOTIFICATIONS_EMAIL_TASK, {
    label: 'Notifications: send an e-mail',
    collection: 'email-deliveries',
    attempts: settings.emailAttempts,
    retryDelayMs: settings.retryDelayMs,
    outputSchema: [{ name: 'outcome', type: 'text' }],
    send: (payload, id, attempt) => sendEmailDelivery(payload, id, { attempt }),
  })

/** One webhook delivery per job, with exponential backoff between tries (see settings.ts). */
export const notificationsWebhookTask = (settings: NotificationSettings = notificationSettings()) =>
  deliveryTask(NOTIFICATIONS_WEBHOOK_TASK, {
    label: 'Notifications: deliver a webhook',
    collection: 'webhook-deliveries',
    attempts: settings.webhookAttempts,
    retryDelayMs: settings.retryDelayMs,
    outputSchema: [
      { name: 'outcome', type: 'text' },
      { name: 'httpStatus', type: 'number' },
    ],
    send: (payload, id, attempt) =>
      sendWebhookDelivery(payload, id, { attempt, timeoutMs: settings.webhookTimeoutMs }),
  })

/** Every notification task, for `jobs.tasks` in payload.config.ts. */
export const notificationTasks = (dispatchCron: string): TaskConfig[] => {
  const settings = notificationSettings()
  return [
    notificationsDispatchTask(dispatchCron, settings),
    notificationsEmailTask(settings),
    notificationsWebhookTask(settings),
  ]
}
