import type { Payload } from 'payload'
import { poolOf } from '../db/pool'
import { isEventType, type BillingEventType } from '../events'
import type { NoticeFacts } from './templates'

/** A row of the outbox as the notification jobs read it. */
export interface OutboxEvent {
  id: number
  eventId: string
  type: BillingEventType
  organization: number | null
  data: Record<string, unknown>
  occurredAt: Date
}

export async function loadEvent(payload: Payload, id: number): Promise<OutboxEvent | null> {
  const { rows } = await poolOf(payload).query<{ id: number; event_id: string; type: string; organization_id: number | null; data: unknown; occurred_at: Date }>(
    'select id, event_id, type, organization_id, data, occurred_at from billing_events where id = $1',
    [id],
  )
  const row = rows[0]
  if (!row || !isEventType(row.type)) return null
  const data = row.data && typeof row.data === 'object' && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {}
  return { id: row.id, eventId: row.event_id, type: row.type, organization: row.organization_id, data, occurredAt: row.occurred_at }
}

/** The JSON body of a webhook delivery: the same bytes for every attempt of one event. */
export function webhookBody(event: OutboxEvent): string {
  return JSON.stringify({ id: event.eventId, type: event.type, occurredAt: event.occurredAt.toISOString(), organization: event.organization, data: event.data })
}

const idIn = (value: unknown): number | undefined => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value
  const numeric = typeof id === 'string' ? Number(id) : id
  return typeof numeric === 'number' && Number.isSafeInteger(numeric) && numeric > 0 ? numeric : undefined
}

/** The invoice an event is about (`data.invoice` or `data.invoiceId`), if any. */
export const invoiceIdOf = (event: OutboxEvent) => idIn(event.data.invoice) ?? idIn(event.data.invoiceId)

/** What the templates need: the event, its organization, and its invoice when it names one. */
export async function noticeFacts(payload: Payload, event: OutboxEvent): Promise<NoticeFacts> {
  const pool = poolOf(payload)
  const organization = event.organization
    ? (await pool.query<{ id: number; title: string; timezone: string | null }>('select id, title, timezone from organizations where id = $1', [event.organization])).rows[0]
    : undefined
  const invoiceId = invoiceIdOf(event)
  const invoice = invoiceId
    ? (
        await pool.query<{ id: number; number: string | null; period: string; total: string; currency: string; due_at: Date | null }>(
          'select id, number, period, total, currency, due_at from invoices where id = $1',
          [invoiceId],
        )
      ).rows[0]
    : undefined
  return {
    type: event.type,
    occurredAt: event.occurredAt,
    organization: organization ? { id: organization.id, title: organization.title, timeZone: organization.timezone || 'UTC' } : null,
    invoice: invoice
      ? { id: invoice.id, number: invoice.number, period: invoice.period, total: Number(invoice.total), currency: invoice.currency, dueAt: invoice.due_at }
      : null,
    data: event.data,
  }
}
