import { randomUUID } from 'node:crypto'
import { now } from '../clock'
import type { Sql } from '../db'
import type { BillingEventInput } from './types'

/**
 * Records a business event in the outbox (`billing-events`) inside the caller's transaction (the
 * `sql` of its withTransaction). The event and the change it describes commit together or not at
 * all; the notifications fan-out reads the outbox afterwards, so a crash never loses an event nor
 * announces a change that rolled back. Answers the event id (a UUID, the deduplication key
 * receivers see).
 */
export async function recordEvent(sql: Sql, event: BillingEventInput): Promise<string> {
  const eventId = randomUUID()
  const occurredAt = event.occurredAt ?? now()
  await sql.query(
    `insert into billing_events (event_id, type, organization_id, data, occurred_at, updated_at, created_at)
     values ($1, $2, $3, $4, $5, now(), now())`,
    [eventId, event.type, event.organization, JSON.stringify(event.data), occurredAt],
  )
  return eventId
}
