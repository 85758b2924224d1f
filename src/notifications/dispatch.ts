import type { Payload, PayloadRequest, RequiredDataFromCollectionSlug, Where } from 'payload'
import { withTransaction } from '../db'
import { WEBHOOK_EVENT_TYPES, type BillingEventType } from '../events'
import {
  NOTIFICATIONS_EMAIL_TASK,
  NOTIFICATIONS_QUEUE,
  NOTIFICATIONS_WEBHOOK_TASK,
} from '../jobs/queues'
import { claimEventForDispatch, undispatchedEventIds } from './store'
import { EMAIL_EVENT_TYPES } from './templates'

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

const EMAIL_PATTERN = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/

/** The administrator's e-mail and the billing contacts of an organization, lower-cased, once each. */
export async function recipientsOf(req: PayloadRequest, organizationId: number): Promise<string[]> {
  const organization = await req.payload.findByID({
    collection: 'organizations',
    id: organizationId,
    depth: 1,
    select: { administrator: true, billingContacts: true },
    disableErrors: true,
    req,
  })
  if (!organization) return []
  const administrator =
    typeof organization.administrator === 'object' ? organization.administrator?.email : undefined
  const all = [
    administrator,
    ...(organization.billingContacts ?? []).map((contact) => contact.email),
  ]
  const unique = new Set<string>()
  for (const address of all) {
    const normalized = address?.trim().toLowerCase()
    if (normalized && EMAIL_PATTERN.test(normalized)) unique.add(normalized)
  }
  return [...unique]
}

/** Active endpoints subscribed to `type`: the organization's own and the global ones. */
async function endpointsFor(
  req: PayloadRequest,
  organizationId: number | null,
  type: BillingEventType,
): Promise<number[]> {
  const scope: Where = organizationId
    ? { or: [{ organization: { equals: organizationId } }, { organization: { exists: false } }] }
    : { organization: { exists: false } }
  const { docs } = await req.payload.find({
    collection: 'webhook-endpoints',
    where: { and: [{ active: { equals: true } }, { events: { in: [type] } }, scope] },
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    sort: 'id',
    req,
  })
  return docs.map((doc) => Number(doc.id))
}

/** Each kind of delivery: the task that sends one, and the field that says where it goes. */
const DELIVERIES = {
  'email-deliveries': { task: NOTIFICATIONS_EMAIL_TASK, to: 'recipient' },
  'webhook-deliveries': { task: NOTIFICATIONS_WEBHOOK_TASK, to: 'endpoint' },
} as const

/** Where the event's deliveries of one kind already go (recipients or endpoint ids, as text). */
async function deliveredTo(
  req: PayloadRequest,
  billingEvent: number,
  collection: keyof typeof DELIVERIES,
): Promise<Set<string>> {
  const { to } = DELIVERIES[collection]
  const { docs } = await req.payload.find({
    collection,
    where: { billingEvent: { equals: billingEvent } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { [to]: true },
    req,
  })
  return new Set(docs.map((doc) => String('recipient' in doc ? doc.recipient : doc.endpoint)))
}

/** Creates one delivery and queues the job that sends it, in `req`'s transaction. */
async function queueDelivery<Collection extends keyof typeof DELIVERIES>(
  req: PayloadRequest,
  collection: Collection,
  data: RequiredDataFromCollectionSlug<Collection>,
): Promise<void> {
  // depth 0: only the id is used (the default depth populated the delivery's event and organization, with its ledger balance)
  const delivery = await req.payload.create({ collection, data, depth: 0, req })
  const { task }: (typeof DELIVERIES)[keyof typeof DELIVERIES] = DELIVERIES[collection]
  await req.payload.jobs.queue({
    task,
    queue: NOTIFICATIONS_QUEUE,
    input: { delivery: delivery.id },
    req,
  })
}

/**
 * Fans one event out in one transaction: claims it (sets dispatchedAt where still null, so a
 * concurrent or second run finds nothing), creates one delivery per recipient and per endpoint,
 * and queues one job per delivery. All of it commits together or not at all; the unique
 * (event, recipient) and (event, endpoint) indexes back that up.
 */
async function dispatchEvent(
  payload: Payload,
  id: number,
): Promise<{ emails: number; webhooks: number } | null> {
  return withTransaction(payload, async ({ req, sql }) => {
    const claimed = await claimEventForDispatch(sql, id)
    if (!claimed) return null
    const organization = claimed.organization_id === null ? null : Number(claimed.organization_id)
    const common = {
      billingEvent: id,
      eventId: claimed.event_id,
      eventType: claimed.type,
      organization,
    }
    let recipients =
      EMAIL_EVENT_TYPES.includes(claimed.type) && organization
        ? await recipientsOf(req, organization)
        : []
    let endpoints = (WEBHOOK_EVENT_TYPES as readonly string[]).includes(claimed.type)
      ? await endpointsFor(req, organization, claimed.type)
      : []
    // Rows already there (an event put back by hand after a partial run) are not created or queued again.
    const mailed = await deliveredTo(req, id, 'email-deliveries')
    const hooked = await deliveredTo(req, id, 'webhook-deliveries')
    recipients = recipients.filter((recipient) => !mailed.has(recipient))
    endpoints = endpoints.filter((endpoint) => !hooked.has(String(endpoint)))
    const pending = { ...common, status: 'pending' as const, attempts: 0 }
    for (const recipient of recipients)
      await queueDelivery(req, 'email-deliveries', { ...pending, recipient })
    for (const endpoint of endpoints)
      await queueDelivery(req, 'webhook-deliveries', { ...pending, endpoint })
    return { emails: recipients.length, webhooks: endpoints.length }
  })
}

/**
 * Takes undispatched events oldest first and fans each out (see dispatchEvent). An event whose
 * fan-out fails is logged and left for the next run; the others go on. At most `limit` events
 * per call, so one run always ends.
 */
export async function dispatchEvents(
  payload: Payload,
  { limit = 1_000 }: { limit?: number } = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, emails: 0, webhooks: 0, failed: 0, more: false }
  let after = 0
  let seen = 0
  while (seen < limit) {
    const ids = await undispatchedEventIds(payload, after, Math.min(100, limit - seen))
    if (ids.length === 0) break
    for (const id of ids) {
      after = id
      seen += 1
      try {
        const fanned = await dispatchEvent(payload, id)
        if (!fanned) continue
        result.events += 1
        result.emails += fanned.emails
        result.webhooks += fanned.webhooks
      } catch (error) {
        result.failed += 1
        payload.logger.error(
          `notifications: could not dispatch billing event ${id}: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
  }
  result.more = seen >= limit
  return result
}
