import type { Payload } from 'payload'
import { isEventType, type BillingEventType } from '../events'
import { localeOr } from '../i18n'
import { invoiceForNotice, organizationForNotice, outboxEventRow } from './store'
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
  const row = await outboxEventRow(payload, id)
  if (!row || !isEventType(row.type)) return null
  const data =
    row.data && typeof row.data === 'object' && !Array.isArray(row.data)
      ? (row.data as Record<string, unknown>)
      : {}
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type,
    organization: row.organization_id,
    data,
    occurredAt: row.occurred_at,
  }
}

/** The JSON body of a webhook delivery: the same bytes for every attempt of one event. */
export function webhookBody(event: OutboxEvent): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    organization: event.organization,
    data: event.data,
  })
}

const idIn = (value: unknown): number | undefined => {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value
  const numeric = typeof id === 'string' ? Number(id) : id
  return typeof numeric === 'number' && Number.isSafeInteger(numeric) && numeric > 0
    ? numeric
    : undefined
}

/** The invoice an event is about (`data.invoice` or `data.invoiceId`), if any. */
export const invoiceIdOf = (event: OutboxEvent) =>
  idIn(event.data.invoice) ?? idIn(event.data.invoiceId)

/** What the templates need: the event, its organization, and its invoice when it names one. */
export async function noticeFacts(payload: Payload, event: OutboxEvent): Promise<NoticeFacts> {
  const organization = event.organization
    ? await organizationForNotice(payload, event.organization)
    : undefined
  const invoiceId = invoiceIdOf(event)
  const invoice = invoiceId ? await invoiceForNotice(payload, invoiceId) : undefined
  return {
    type: event.type,
    occurredAt: event.occurredAt,
    organization: organization
      ? {
          id: organization.id,
          title: organization.title,
          timeZone: organization.timezone || 'UTC',
          locale: localeOr(organization.locale),
        }
      : null,
    invoice: invoice
      ? {
          id: invoice.id,
          number: invoice.number,
          period: invoice.period,
          total: Number(invoice.total),
          currency: invoice.currency,
          dueAt: invoice.due_at,
        }
      : null,
    data: event.data,
  }
}
