import type { Payload } from 'payload'
import { isConnectionLoss, withTransaction } from '../db'
import {
  NOTIFICATIONS_EMAIL_TASK,
  NOTIFICATIONS_QUEUE,
  NOTIFICATIONS_WEBHOOK_TASK,
} from '../jobs/queues'
import { queueJobs } from '../jobs/store'
import { planFanOut, recipientAddresses } from './fanOut'
import {
  activeEndpointSubscriptions,
  claimEventsForDispatch,
  existingDeliveries,
  insertEmailDeliveries,
  insertWebhookDeliveries,
  noticeAddressRows,
  undispatchedEventIds,
} from './store'

export interface DispatchResult {
  /** Events fanned out by this run. */
  events: number
  /** E-mail and webhook deliveries created (each with its job). */
  emails: number
  webhooks: number
  /** Events whose fan-out failed; they stay undispatched and are tried again next run. */
  failed: number
  /** True when the run stopped at its limit: more events may be waiting. */
  more: boolean
}

/**
 * Fans a batch of events out in one transaction: claims them (sets dispatchedAt where still null,
 * so a concurrent or second run finds nothing), plans one delivery per recipient and per endpoint
 * (fanOut.ts; none that exists already), and writes the deliveries and their jobs, one insert per
 * table. All of it commits together or not at all; the unique (event, recipient) and (event,
 * endpoint) indexes back that up.
 */
async function dispatchBatch(
  payload: Payload,
  ids: number[],
): Promise<{ events: number; emails: number; webhooks: number }> {
  return withTransaction(payload, async ({ sql }) => {
    const events = await claimEventsForDispatch(sql, ids)
    if (events.length === 0) return { events: 0, emails: 0, webhooks: 0 }
    const organizations = [
      ...new Set(
        events.flatMap((event) => (event.organizationId === null ? [] : [event.organizationId])),
      ),
    ]
    const recipients = new Map(
      (await noticeAddressRows(sql, organizations)).map((row) => [
        row.id,
        recipientAddresses(row.administrator, row.contacts),
      ]),
    )
    const plan = planFanOut(
      events,
      recipients,
      await activeEndpointSubscriptions(sql),
      await existingDeliveries(
        sql,
        events.map((event) => event.id),
      ),
    )
    const emails = await insertEmailDeliveries(sql, plan.emails)
    const webhooks = await insertWebhookDeliveries(sql, plan.webhooks)
    await queueJobs(
      sql,
      NOTIFICATIONS_EMAIL_TASK,
      NOTIFICATIONS_QUEUE,
      emails.map((delivery) => ({ delivery })),
    )
    await queueJobs(
      sql,
      NOTIFICATIONS_WEBHOOK_TASK,
      NOTIFICATIONS_QUEUE,
      webhooks.map((delivery) => ({ delivery })),
    )
    return { events: events.length, emails: emails.length, webhooks: webhooks.length }
  })
}

/** Events per transaction: 500 events make about 1,500 deliveries and as many jobs. */
const BATCH = 500

const add = (
  result: DispatchResult,
  batch: { events: number; emails: number; webhooks: number },
) => {
  result.events += batch.events
  result.emails += batch.emails
  result.webhooks += batch.webhooks
}

/**
 * Takes undispatched events oldest first and fans them out, a batch per transaction (see
 * dispatchBatch). An event whose fan-out fails is logged and left for the next run; the others go
 * on. At most `limit` events per call, so one run always ends.
 */
export async function dispatchEvents(
  payload: Payload,
  { limit = 1_000 }: { limit?: number } = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, emails: 0, webhooks: 0, failed: 0, more: false }
  let after = 0
  let seen = 0
  while (seen < limit) {
    const ids = await undispatchedEventIds(payload, after, Math.min(BATCH, limit - seen))
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    seen += ids.length
    try {
      add(result, await dispatchBatch(payload, ids))
    } catch (error) {
      // the database gone: nothing was claimed; the task fails and runs again, nothing is lost
      if (isConnectionLoss(error)) throw error
      // one event the batch could not take (an organization gone mid-run, a constraint): the
      // batch is rolled back and its events go one by one, so that only that event waits
      for (const id of ids) {
        try {
          add(result, await dispatchBatch(payload, [id]))
        } catch (error) {
          result.failed += 1
          payload.logger.error(
            `notifications: could not dispatch billing event ${id}: ${error instanceof Error ? error.message : String(error)}`,
          )
        }
      }
    }
  }
  result.more = seen >= limit
  return result
}
