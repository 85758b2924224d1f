import { randomUUID } from 'node:crypto'
import type { PayloadRequest } from 'payload'
import type pg from 'pg'
import { now } from '../clock'
import type { BillingEventInput } from './types'

type Sql = Pick<pg.PoolClient, 'query'>

/**
 * Records a business event in the outbox (`billing-events`) inside the caller's transaction: a
 * raw pg client of a plain-SQL transaction, or a Payload `req` (its transaction). The event and
 * the change it describes commit together or not at all; the notifications fan-out reads the
 * outbox afterwards, so a crash never loses an event nor announces a change that rolled back.
 * Answers the event id (a UUID, the deduplication key receivers see).
 */
export async function recordEvent(target: Sql | PayloadRequest, event: BillingEventInput): Promise<string> {
  const eventId = randomUUID()
  const occurredAt = event.occurredAt ?? now()
  if ('payload' in target) {
    await target.payload.create({
      collection: 'billing-events',
      data: { eventId, type: event.type, organization: event.organization, data: event.data, occurredAt: occurredAt.toISOString() },
      req: target,
      overrideAccess: true,
      depth: 0, // the document is not used: the default depth populated its organization, ledger balance included
    })
    return eventId
  }
  await target.query(
    `insert into billing_events (event_id, type, organization_id, data, occurred_at, updated_at, created_at)
     values ($1, $2, $3, $4, $5, now(), now())`,
    [eventId, event.type, event.organization, JSON.stringify(event.data), occurredAt],
  )
  return eventId
}
