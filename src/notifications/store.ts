/** The notifications' own SQL, each query named for what it does (everything else goes through the Local API). */
import type { Payload } from 'payload'
import { firstRow, type Sql } from '../db'
import { poolOf } from '../db/pool'
import type { BillingEventType } from '../events'
import type { InvoiceRow } from '../invoicing'
import type {
  EndpointSubscription,
  ExistingDeliveries,
  OutboxEvent,
  PlannedEmail,
  PlannedWebhook,
} from './fanOut'

export type DeliveryTable = 'email_deliveries' | 'webhook_deliveries'

/** Up to `limit` undispatched events after `after`, oldest first (ids). */
export async function undispatchedEventIds(
  payload: Payload,
  after: number,
  limit: number,
): Promise<number[]> {
  const { rows } = await poolOf(payload).query<{ id: number }>(
    'select id from billing_events where dispatched_at is null and id > $1 order by id limit $2',
    [after, limit],
  )
  return rows.map((row) => row.id)
}

/** Tries recorded on the delivery so far (across jobs: a manual retry goes on counting). */
export async function deliveryAttempts(
  payload: Payload,
  table: DeliveryTable,
  id: number,
): Promise<number> {
  const { rows } = await poolOf(payload).query<{ attempts: string | null }>(
    `select attempts from ${table} where id = $1`,
    [id],
  )
  return Number(rows[0]?.attempts ?? 0)
}

/**
 * Claims an e-mail delivery (committed) before the mail server gets it, so that a retry after a
 * crash past this point finds `sending`; false when another try has it already.
 */
export async function claimEmailForSending(
  payload: Payload,
  id: number,
  attempt: number,
): Promise<boolean> {
  const claimed = await poolOf(payload).query(
    `update email_deliveries set status = 'sending', attempts = $2, last_attempt_at = now(), updated_at = now()
      where id = $1 and status in ('pending', 'retrying')`,
    [id, attempt],
  )
  return Boolean(claimed.rowCount)
}

/** The endpoint as the webhook job needs it; the sealed secret is read here only, never through the API. */
export const webhookEndpointForSending = (payload: Payload, id: number) =>
  firstRow<{ url: string; active: boolean | null; secret_sealed: string | null }>(
    poolOf(payload),
    'select url, active, secret_sealed from webhook_endpoints where id = $1',
    [id],
  )

/** An outbox row as the notification jobs read it. */
export const outboxEventRow = (payload: Payload, id: number) =>
  firstRow<{
    id: number
    event_id: string
    type: string
    organization_id: number | null
    data: unknown
    occurred_at: Date
  }>(
    poolOf(payload),
    'select id, event_id, type, organization_id, data, occurred_at from billing_events where id = $1',
    [id],
  )

/** The organization as a notice names it. */
export const organizationForNotice = (payload: Payload, id: number) =>
  firstRow<{ id: number; title: string; timezone: string | null; locale: string | null }>(
    poolOf(payload),
    'select id, title, timezone, locale from organizations where id = $1',
    [id],
  )

/**
 * The language a user with this e-mail address chose for itself, if any (a billing contact that is
 * no user, or a user without one, reads the organization's).
 */
export const userLocaleByEmail = async (payload: Payload, email: string) =>
  (
    await firstRow<{ locale: string }>(
      poolOf(payload),
      'select locale from users where lower(email) = lower($1) and locale is not null limit 1',
      [email],
    )
  )?.locale

/** The invoice as a notice names it. */
export const invoiceForNotice = (payload: Payload, id: number) =>
  firstRow<Pick<InvoiceRow, 'id' | 'number' | 'period' | 'total' | 'currency' | 'due_at'>>(
    poolOf(payload),
    'select id, number, period, total, currency, due_at from invoices where id = $1',
    [id],
  )

// ---- the fan-out, set-based (dispatch.ts)

/** Marks these events dispatched where nobody has yet; answers the ones this call claimed. */
export async function claimEventsForDispatch(sql: Sql, ids: number[]): Promise<OutboxEvent[]> {
  const { rows } = await sql.query<{
    id: number
    event_id: string
    type: BillingEventType
    organization_id: number | null
  }>(
    `update billing_events set dispatched_at = now(), updated_at = now()
      where id = any($1::int[]) and dispatched_at is null
      returning id, event_id, type, organization_id`,
    [ids],
  )
  return rows
    .map((row) => ({
      id: Number(row.id),
      eventId: row.event_id,
      type: row.type,
      organizationId: row.organization_id === null ? null : Number(row.organization_id),
    }))
    .sort((a, b) => a.id - b.id)
}

/** Each organization's administrator e-mail and billing contacts (in their order). */
export async function noticeAddressRows(sql: Sql, organizationIds: number[]) {
  const { rows } = await sql.query<{
    id: number
    administrator: string | null
    contacts: (string | null)[]
  }>(
    `select o.id, u.email as administrator,
        array(select c.email from organizations_billing_contacts c where c._parent_id = o.id order by c._order) as contacts
      from organizations o left join users u on u.id = o.administrator_id
      where o.id = any($1::int[])`,
    [organizationIds],
  )
  return rows.map((row) => ({ ...row, id: Number(row.id) }))
}

/** Every active webhook endpoint with the event types it is subscribed to. */
export async function activeEndpointSubscriptions(sql: Sql): Promise<EndpointSubscription[]> {
  const { rows } = await sql.query<{
    id: number
    organization_id: number | null
    events: (string | null)[]
  }>(
    `select e.id, e.organization_id,
        array(select v.value::text from webhook_endpoints_events v where v.parent_id = e.id) as events
      from webhook_endpoints e where e.active = true order by e.id`,
  )
  return rows.map((row) => ({
    id: Number(row.id),
    organizationId: row.organization_id === null ? null : Number(row.organization_id),
    events: row.events.filter((type): type is string => type !== null),
  }))
}

/** Deliveries already made for these events. */
export async function existingDeliveries(
  sql: Sql,
  eventIds: number[],
): Promise<ExistingDeliveries> {
  const emails = await sql.query<{ billing_event_id: number; recipient: string }>(
    'select billing_event_id, recipient from email_deliveries where billing_event_id = any($1::int[])',
    [eventIds],
  )
  const webhooks = await sql.query<{ billing_event_id: number; endpoint_id: number }>(
    'select billing_event_id, endpoint_id from webhook_deliveries where billing_event_id = any($1::int[])',
    [eventIds],
  )
  return {
    emails: new Set(emails.rows.map((row) => `${row.billing_event_id} ${row.recipient}`)),
    webhooks: new Set(webhooks.rows.map((row) => `${row.billing_event_id} ${row.endpoint_id}`)),
  }
}

/** Where each kind of delivery goes: its table, the column naming the target, and that column's type. */
const TARGET = {
  email_deliveries: { column: 'recipient', type: 'varchar' },
  webhook_deliveries: { column: 'endpoint_id', type: 'int' },
} as const

/**
 * Pending deliveries of one kind in one insert, each an event and a target (a recipient, an
 * endpoint id); answers their ids.
 */
async function insertDeliveries(
  sql: Sql,
  table: DeliveryTable,
  deliveries: { event: OutboxEvent; target: string | number }[],
): Promise<number[]> {
  if (deliveries.length === 0) return []
  const { column, type } = TARGET[table]
  const { rows } = await sql.query<{ id: number }>(
    `insert into ${table} (billing_event_id, event_id, event_type, organization_id, ${column}, status, attempts)
      select d.billing_event_id, d.event_id, d.event_type, d.organization_id, d.target, 'pending', 0
        from unnest($1::int[], $2::varchar[], $3::varchar[], $4::int[], $5::${type}[])
          as d(billing_event_id, event_id, event_type, organization_id, target)
      returning id`,
    [
      deliveries.map(({ event }) => event.id),
      deliveries.map(({ event }) => event.eventId),
      deliveries.map(({ event }) => event.type),
      deliveries.map(({ event }) => event.organizationId),
      deliveries.map(({ target }) => target),
    ],
  )
  return rows.map((row) => Number(row.id))
}

/** The planned e-mail deliveries, pending, in one insert; answers their ids. */
export const insertEmailDeliveries = (sql: Sql, emails: PlannedEmail[]) =>
  insertDeliveries(
    sql,
    'email_deliveries',
    emails.map(({ event, recipient }) => ({ event, target: recipient })),
  )

/** The planned webhook deliveries, pending, in one insert; answers their ids. */
export const insertWebhookDeliveries = (sql: Sql, webhooks: PlannedWebhook[]) =>
  insertDeliveries(
    sql,
    'webhook_deliveries',
    webhooks.map(({ event, endpoint }) => ({ event, target: endpoint })),
  )
