import type { Payload, PayloadRequest } from 'payload'
import { poolOf } from '../db/pool'
import { withTransaction } from '../db'
import { WEBHOOK_EVENT_TYPES, type BillingEventType } from '../events'
import { NOTIFICATIONS_EMAIL_TASK, NOTIFICATIONS_QUEUE, NOTIFICATIONS_WEBHOOK_TASK } from '../jobs/queues'
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
  } as never) as { administrator?: { email?: string | null } | number | null; billingContacts?: { email?: string | null }[] | null } | null
  if (!organization) return []
  const administrator = typeof organization.administrator === 'object' ? organization.administrator?.email : undefined
  const all = [administrator, ...(organization.billingContacts ?? []).map((contact) => contact.email)]
  const unique = new Set<string>()
  for (const address of all) {
    const normalized = address?.trim().toLowerCase()
    if (normalized && EMAIL_PATTERN.test(normalized)) unique.add(normalized)
  }
  return [...unique]
}

/** Active endpoints subscribed to `type`: the organization's own and the global ones. */
async function endpointsFor(req: PayloadRequest, organizationId: number | null, type: BillingEventType): Promise<number[]> {
  const scope = organizationId
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
  } as never)
  return (docs as { id: number }[]).map((doc) => Number(doc.id))
}

/**
 * Fans one event out in one transaction: claims it (sets dispatchedAt where still null, so a
 * concurrent or second run finds nothing), creates one delivery per recipient and per endpoint,
 * and queues one job per delivery. All of it commits together or not at all; the unique
 * (event, recipient) and (event, endpoint) indexes back that up.
 */
async function dispatchEvent(payload: Payload, id: number): Promise<{ emails: number; webhooks: number } | null> {
  return withTransaction(payload, async ({ req, sql }) => {
    const { rows } = await sql.query<{ event_id: string; type: BillingEventType; organization_id: number | null }>(
      `update billing_events set dispatched_at = now(), updated_at = now() where id = $1 and dispatched_at is null returning event_id, type, organization_id`,
      [id],
    )
    const claimed = rows[0]
    if (!claimed) return null
    const organization = claimed.organization_id === null ? null : Number(claimed.organization_id)
    const common = { billingEvent: id, eventId: claimed.event_id, eventType: claimed.type, organization }
    let recipients = EMAIL_EVENT_TYPES.includes(claimed.type) && organization ? await recipientsOf(req, organization) : []
    let endpoints = (WEBHOOK_EVENT_TYPES as readonly string[]).includes(claimed.type) ? await endpointsFor(req, organization, claimed.type) : []
    // Rows already there (an event put back by hand after a partial run) are not created or queued again.
    const existing = async (collection: 'email-deliveries' | 'webhook-deliveries', field: 'recipient' | 'endpoint') => {
      const { docs } = await payload.find({ collection, where: { billingEvent: { equals: id } }, depth: 0, limit: 0, pagination: false, select: { [field]: true }, req } as never)
      return new Set((docs as unknown as Record<string, unknown>[]).map((doc) => String(doc[field])))
    }
    const mailed = await existing('email-deliveries', 'recipient')
    const hooked = await existing('webhook-deliveries', 'endpoint')
    recipients = recipients.filter((recipient) => !mailed.has(recipient))
    endpoints = endpoints.filter((endpoint) => !hooked.has(String(endpoint)))
    // depth 0: only the ids are used (the default depth populated each delivery's event and organization, with its ledger balance)
    for (const recipient of recipients) {
      const delivery = await payload.create({ collection: 'email-deliveries', data: { ...common, recipient, status: 'pending', attempts: 0 }, depth: 0, req } as never)
      await payload.jobs.queue({ task: NOTIFICATIONS_EMAIL_TASK as never, queue: NOTIFICATIONS_QUEUE, input: { delivery: (delivery as { id: number }).id } as never, req })
    }
    for (const endpoint of endpoints) {
      const delivery = await payload.create({ collection: 'webhook-deliveries', data: { ...common, endpoint, status: 'pending', attempts: 0 }, depth: 0, req } as never)
      await payload.jobs.queue({ task: NOTIFICATIONS_WEBHOOK_TASK as never, queue: NOTIFICATIONS_QUEUE, input: { delivery: (delivery as { id: number }).id } as never, req })
    }
    return { emails: recipients.length, webhooks: endpoints.length }
  })
}

/**
 * Takes undispatched events oldest first and fans each out (see dispatchEvent). An event whose
 * fan-out fails is logged and left for the next run; the others go on. At most `limit` events
 * per call, so one run always ends.
 */
export async function dispatchEvents(payload: Payload, { limit = 1_000 }: { limit?: number } = {}): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, emails: 0, webhooks: 0, failed: 0, more: false }
  let after = 0
  let seen = 0
  while (seen < limit) {
    const { rows } = await poolOf(payload).query<{ id: number }>(
      'select id from billing_events where dispatched_at is null and id > $1 order by id limit $2',
      [after, Math.min(100, limit - seen)],
    )
    if (rows.length === 0) break
    for (const { id } of rows) {
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
        payload.logger.error(`notifications: could not dispatch billing event ${id}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  result.more = seen >= limit
  return result
}
