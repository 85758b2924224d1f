import type { Payload, TaskConfig } from 'payload'
import {
  NOTIFICATIONS_DISPATCH_TASK,
  NOTIFICATIONS_EMAIL_TASK,
  NOTIFICATIONS_QUEUE,
  NOTIFICATIONS_WEBHOOK_TASK,
} from '../jobs/queues'
import { dispatchEvents } from './dispatch'
import { sendEmailDelivery } from './email'
import { sendWebhookDelivery } from './webhook'
import { describeError, PermanentNotificationError, WebhookHttpError } from './errors'
import { deliveryAttempts } from './store'
import { nextAttemptAt, notificationSettings, type NotificationSettings } from './settings'

/** The outbox dispatcher: every minute, fans undispatched billing events out into deliveries and their jobs. */
export function notificationsDispatchTask(
  cron: string,
  settings: NotificationSettings = notificationSettings(),
): TaskConfig<'notifications-dispatch'> {
  return {
    slug: NOTIFICATIONS_DISPATCH_TASK,
    label: 'Notifications: dispatch billing events',
    retries: 2,
    schedule: [{ cron, queue: NOTIFICATIONS_QUEUE }],
    outputSchema: [
      { name: 'events', type: 'number' },
      { name: 'emails', type: 'number' },
      { name: 'webhooks', type: 'number' },
      { name: 'failed', type: 'number' },
    ],
    handler: async ({ req }) => {
      const { more, ...output } = await dispatchEvents(req.payload, {
        limit: settings.dispatchBatch,
      })
      // a burst (a month close) drains run after run, each a bounded job, so other jobs go between
      if (more)
        await req.payload.jobs.queue({
          task: NOTIFICATIONS_DISPATCH_TASK,
          queue: NOTIFICATIONS_QUEUE,
          input: {},
          req,
        })
      return { output }
    },
  }
}

type Collection = 'email-deliveries' | 'webhook-deliveries'

/**
 * Records a failed try on the delivery and tells whether the job should retry: not after the last
 * try nor after a failure that retrying will not fix (the delivery is then `failed`).
 */
async function recordFailure(
  payload: Payload,
  collection: Collection,
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

const inputSchema = [{ name: 'delivery', type: 'number' as const, required: true }]

/**
 * One e-mail per job. Payload counts retries after the first try: `attempts` tries per job in all,
 * the last one decides (recorded as failed instead of thrown).
 */
export function notificationsEmailTask(
  settings: NotificationSettings = notificationSettings(),
): TaskConfig<'notifications-email'> {
  return {
    slug: NOTIFICATIONS_EMAIL_TASK,
    label: 'Notifications: send an e-mail',
    retries: {
      attempts: settings.emailAttempts,
      backoff: { type: 'exponential', delay: settings.retryDelayMs },
    },
    inputSchema,
    outputSchema: [{ name: 'outcome', type: 'text' }],
    handler: async ({ input, job, req }) => {
      const id = Number(input.delivery)
      const tryOfJob = Number(job.totalTried ?? 0) + 1
      const attempt = (await deliveryAttempts(req.payload, 'email_deliveries', id)) + 1
      try {
        return { output: await sendEmailDelivery(req.payload, id, { attempt }) }
      } catch (error) {
        if (
          await recordFailure(req.payload, 'email-deliveries', id, {
            attempt,
            tryOfJob,
            attempts: settings.emailAttempts,
            delayMs: settings.retryDelayMs,
            error,
          })
        )
          throw error
        return { output: { outcome: 'failed' } }
      }
    },
  }
}

/** One webhook delivery per job, with exponential backoff between tries (see settings.ts). */
export function notificationsWebhookTask(
  settings: NotificationSettings = notificationSettings(),
): TaskConfig<'notifications-webhook'> {
  return {
    slug: NOTIFICATIONS_WEBHOOK_TASK,
    label: 'Notifications: deliver a webhook',
    retries: {
      attempts: settings.webhookAttempts,
      backoff: { type: 'exponential', delay: settings.retryDelayMs },
    },
    inputSchema,
    outputSchema: [
      { name: 'outcome', type: 'text' },
      { name: 'httpStatus', type: 'number' },
    ],
    handler: async ({ input, job, req }) => {
      const id = Number(input.delivery)
      const tryOfJob = Number(job.totalTried ?? 0) + 1
      const attempt = (await deliveryAttempts(req.payload, 'webhook_deliveries', id)) + 1
      try {
        return {
          output: await sendWebhookDelivery(req.payload, id, {
            attempt,
            timeoutMs: settings.webhookTimeoutMs,
          }),
        }
      } catch (error) {
        if (
          await recordFailure(req.payload, 'webhook-deliveries', id, {
            attempt,
            tryOfJob,
            attempts: settings.webhookAttempts,
            delayMs: settings.retryDelayMs,
            error,
          })
        )
          throw error
        return { output: { outcome: 'failed' } }
      }
    },
  }
}

/** Every notification task, for `jobs.tasks` in payload.config.ts. */
export const notificationTasks = (dispatchCron: string): TaskConfig[] => {
  const settings = notificationSettings()
  return [
    notificationsDispatchTask(dispatchCron, settings),
    notificationsEmailTask(settings),
    notificationsWebhookTask(settings),
  ]
}
