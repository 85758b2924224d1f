import { randomUUID } from 'node:crypto'
import { now } from '../clock'
import type { Sql, Statement } from '../db'
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

/**
 * Records many events in one insert, inside the caller's transaction (what recordEvent does for
 * one). Answers their event ids, in the order given.
 */
export async function recordEvents(sql: Sql, events: BillingEventInput[]): Promise<string[]> {
  if (events.length === 0) return []
  const { statement, eventIds } = eventsInsert(events)
  await sql.query(statement)
  return eventIds
}

/**
 * recordEvents' insert as a statement, for a caller that sends it alongside its own in one round
 * trip (withAlongside): the same events and ids as recordEvents would record. At least one event.
 */
export function eventsInsert(events: BillingEventInput[]): {
  statement: Statement
  eventIds: string[]
} {
  const eventIds = events.map(() => randomUUID())
  const at = now()
  return {
    eventIds,
    statement: {
      name: 'events.insert',
      text: `insert into billing_events (event_id, type, organization_id, data, occurred_at, updated_at, created_at)
      select e.event_id, e.type, e.organization_id, e.data, e.occurred_at, now(), now()
        from unnest($1::varchar[], $2::varchar[], $3::int[], $4::jsonb[], $5::timestamptz[])
          as e(event_id, type, organization_id, data, occurred_at)`,
      values: [
        eventIds,
        events.map((event) => event.type),
        events.map((event) => event.organization),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => event.occurredAt ?? at),
      ],
    },
  }
}
