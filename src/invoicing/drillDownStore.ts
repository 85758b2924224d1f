import type { Sql } from '../db'

/**
 * The drill-down's SQL. An issued invoice keeps, in `invoice_usage_intervals`, a frozen copy of
 * the camera-usage rows each of its lines billed (with the line's organization's trial end as it
 * was): later corrections of camera usage or of the trial end do not rewrite its drill-down. A
 * draft reads camera usage live. The table holds camera keys only, no stream names or titles.
 */

/** An invoice line as the drill-down needs it. */
export interface DrillDownLineRow {
  /** 0-based position in the invoice's lines. */
  line_index: number
  organization_id: number | null
  subscription_id: number | null
  segment_start: Date | null
  segment_end: Date | null
  camera_seconds: string | null
  amount: string | null
}

export async function drillDownLines(sql: Sql, invoiceId: number): Promise<DrillDownLineRow[]> {
  const { rows } = await sql.query<DrillDownLineRow>(
    `select _order - 1 as line_index, organization_id, subscription_id, segment_start, segment_end,
        camera_seconds, amount
      from invoices_lines where _parent_id = $1 order by _order`,
    [invoiceId],
  )
  return rows.map((row) => ({ ...row, line_index: Number(row.line_index) }))
}

/** A camera-usage row a line billed (frozen or live), with the trial end that applies to it. */
export interface DrillDownUsageRow {
  line_index: number
  camera_key: string
  from: Date
  to: Date | null
  trial_ends_at: Date | null
}

/**
 * The camera-usage rows overlapping each line of the invoice (its organization, subscription and
 * segment, after the trial end), read from camera usage as it is now. The exact clipping is left
 * to billing/drillDown.ts, the rule the assembly uses.
 */
const LINES_USAGE = `
  from invoices_lines l
  join invoices i on i.id = l._parent_id
  join organizations o on o.id = l.organization_id
  join camera_usage u on u.organization_id = l.organization_id and u.subscription_id = l.subscription_id
   and u."from" < coalesce(l.segment_end, i.period_end)
   and (u."to" is null or u."to" > greatest(coalesce(l.segment_start, i.period_start), o.trial_ends_at))
  where l._parent_id = $1`

export async function liveLineUsage(sql: Sql, invoiceId: number): Promise<DrillDownUsageRow[]> {
  const { rows } = await sql.query<DrillDownUsageRow>(
    `select l._order - 1 as line_index, u.camera_key, u."from", u."to", o.trial_ends_at ${LINES_USAGE}`,
    [invoiceId],
  )
  return rows.map((row) => ({ ...row, line_index: Number(row.line_index) }))
}

/** The frozen rows of an issued invoice. */
export async function frozenLineUsage(sql: Sql, invoiceId: number): Promise<DrillDownUsageRow[]> {
  const { rows } = await sql.query<DrillDownUsageRow>(
    `select line_index, camera_key, "from", "to", trial_ends_at
      from invoice_usage_intervals where invoice_id = $1`,
    [invoiceId],
  )
  return rows.map((row) => ({ ...row, line_index: Number(row.line_index) }))
}

/**
 * Freezes what the invoice's drill-down is computed from, in the issuing transaction: one
 * INSERT … SELECT over the invoice's lines (camera usage is read by organization, indexed), so
 * issuing stays one cheap statement more per invoice. Idempotent: an invoice's rows are replaced.
 */
export async function freezeLineUsage(sql: Sql, invoiceId: number): Promise<void> {
  await sql.query('delete from invoice_usage_intervals where invoice_id = $1', [invoiceId])
  await sql.query(
    `insert into invoice_usage_intervals (invoice_id, line_index, camera_key, "from", "to", trial_ends_at)
      select l._parent_id, l._order - 1, u.camera_key, u."from", u."to", o.trial_ends_at ${LINES_USAGE}`,
    [invoiceId],
  )
}

/** The Watcher ids of these organizations (those synced to Watcher). */
export async function watcherOrganizationIds(
  sql: Sql,
  organizationIds: number[],
): Promise<number[]> {
  const { rows } = await sql.query<{ watcher_remote_id: string }>(
    'select watcher_remote_id from organizations where id = any($1::int[]) and watcher_remote_id is not null',
    [organizationIds],
  )
  return rows.map((row) => Number(row.watcher_remote_id))
}
