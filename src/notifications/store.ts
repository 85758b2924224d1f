/** The notifications' own SQL, each query named for what it does (everything else goes through the Local API). */
import type { Payload } from 'payload'
import { firstRow, type Sql } from '../db'
import { poolOf } from '../db/pool'
import type { BillingEventType } from '../events'
import type { InvoiceRow } from '../invoicing'

export type DeliveryTable = 'email_deliveries' | 'webhook_deliveries'

/**
 * Marks the event dispatched, where nobody has yet: the claim that makes a concurrent or second
 * run find nothing. Answers the event, or undefined when it was claimed already.
 */
export async function claimEventForDispatch(sql: Sql, id: number) {
  const { rows } = await sql.query<{
    event_id: string
    type: BillingEventType
    organization_id: number | null
  }>(
    `update billing_events set dispatched_at = now(), updated_at = now() where id = $1 and dispatched_at is null returning event_id, type, organization_id`,
    [id],
  )
  return rows[0]
}

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
  firstRow<{ id: number; title: string; timezone: string | null }>(
    poolOf(payload),
    'select id, title, timezone from organizations where id = $1',
    [id],
  )

/** The invoice as a notice names it. */
export const invoiceForNotice = (payload: Payload, id: number) =>
  firstRow<Pick<InvoiceRow, 'id' | 'number' | 'period' | 'total' | 'currency' | 'due_at'>>(
    poolOf(payload),
    'select id, number, period, total, currency, due_at from invoices where id = $1',
    [id],
  )
