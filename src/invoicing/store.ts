import { randomUUID } from 'node:crypto'
import type { InvoiceDraft } from '../billing/invoiceAssembly'
import { formatInvoiceNumber } from '../billing/invoiceNumber'
import type { Sql } from '../db'

/**
 * The invoicing domain's SQL. The month close writes invoices and their lines in bulk (one
 * unnest insert per table; bench/month-close.bench.ts measured the Local API at many times the
 * cost), so this file writes Payload's `invoices_lines` rows itself: `_order` from 1 in line
 * order, `_parent_id` the invoice, `id` a 24-character hex string as Payload makes them.
 */

// ---- the month close

/** An organization's billing terms, as columns. */
export interface OrganizationTermRow {
  id: number
  title: string
  payer: 'self' | 'parent'
  parent_id: number | null
  trial_ends_at: Date | null
  timezone: string
  tax_rate_bp: string | null
  currency: string
  /** The language of its invoices: a payer's line descriptions are written in it. */
  locale: string | null
}

const TERM_COLUMNS =
  'id, title, payer, parent_id, trial_ends_at, timezone, tax_rate_bp, currency, locale'
/** An organization that pays for itself: the payer of its own invoice (billing/hierarchy.ts). */
const IS_PAYER = `not (payer = 'parent' and parent_id is not null)`

/** Every organization's billing terms, as columns. */
export async function organizationTermRows(sql: Sql) {
  const { rows } = await sql.query<OrganizationTermRow>(`select ${TERM_COLUMNS} from organizations`)
  return rows
}

/** The next `limit` payers after id `afterId`, by id (the month close's keyset pages). */
export async function payerTermRowsAfter(
  sql: Sql,
  afterId: number,
  limit: number,
): Promise<OrganizationTermRow[]> {
  const { rows } = await sql.query<OrganizationTermRow>(
    `select ${TERM_COLUMNS} from organizations where ${IS_PAYER} and id > $1 order by id limit $2`,
    [afterId, limit],
  )
  return rows
}

/** Every payer's id and billing timezone (the hourly close groups them by the month that ended). */
export async function payerTimeZones(sql: Sql): Promise<{ id: number; timezone: string | null }[]> {
  const { rows } = await sql.query<{ id: number; timezone: string | null }>(
    `select id, timezone from organizations where ${IS_PAYER} order by id`,
  )
  return rows
}

/** Those of these organizations that are payers, by id. */
export async function payerTermRowsAmong(sql: Sql, ids: number[]): Promise<OrganizationTermRow[]> {
  const { rows } = await sql.query<OrganizationTermRow>(
    `select ${TERM_COLUMNS} from organizations where ${IS_PAYER} and id = any($1::int[]) order by id`,
    [ids],
  )
  return rows
}

/**
 * The organizations billed to these payers, the payers included, each with its payer: down from
 * each payer through the subsidiaries whose payer is their parent, at any depth. By id.
 */
export async function memberTermRowsOfPayers(
  sql: Sql,
  payerIds: number[],
): Promise<(OrganizationTermRow & { payer_id: number })[]> {
  const { rows } = await sql.query<OrganizationTermRow & { payer_id: number }>(
    `with recursive member(id, payer_id) as (
        select id, id from organizations where id = any($1::int[])
        union
        select o.id, m.payer_id from organizations o join member m on o.parent_id = m.id
          where o.payer = 'parent'
      )
      select ${TERM_COLUMNS.split(', ')
        .map((column) => `o.${column}`)
        .join(', ')}, m.payer_id
        from member m join organizations o on o.id = m.id order by o.id`,
    [payerIds],
  )
  return rows
}

/**
 * The organizations whose payer chain reaches no payer (a loop, a parent that does not exist),
 * flagged `broken`, with every organization up their chains (what resolving them needs).
 */
export async function brokenChainTermRows(
  sql: Sql,
): Promise<(OrganizationTermRow & { broken: boolean })[]> {
  const { rows } = await sql.query<OrganizationTermRow & { broken: boolean }>(
    `with recursive paid(id) as (
        select id from organizations where ${IS_PAYER}
        union
        select o.id from organizations o join paid p on o.parent_id = p.id where o.payer = 'parent'
      ),
      broken as (select id from organizations except select id from paid),
      chain(id) as (
        select id from broken
        union
        select o.parent_id from organizations o join chain c on o.id = c.id where o.parent_id is not null
      )
      select ${TERM_COLUMNS}, id in (select id from broken) as broken
        from organizations where id in (select id from chain) order by id`,
  )
  return rows
}

/** The organization and every organization up its parent chain. */
export async function chainTermRows(sql: Sql, id: number): Promise<OrganizationTermRow[]> {
  const { rows } = await sql.query<OrganizationTermRow>(
    `with recursive chain(id) as (
        select $1::int
        union
        select o.parent_id from organizations o join chain c on o.id = c.id where o.parent_id is not null
      )
      select ${TERM_COLUMNS} from organizations where id in (select id from chain)`,
    [id],
  )
  return rows
}

/**
 * The terms of every organization in the tree of `organizationId`: its ancestors and everything
 * below them. Its payer and every organization billed on the same invoice are in that tree (the
 * payer is reached through parent links, the invoice's members are the payer's subsidiaries), so
 * the invoice assembly decides on these rows as on the whole book. `union` ends a parent cycle.
 */
export async function invoiceTreeTermRows(
  sql: Sql,
  organizationId: number,
): Promise<OrganizationTermRow[]> {
  const { rows } = await sql.query<OrganizationTermRow>(
    `with recursive up(id) as (
       select id from organizations where id = $1
       union
       select organization.parent_id from organizations organization join up on organization.id = up.id
        where organization.parent_id is not null
     ), tree(id) as (
       select id from up
       union
       select child.id from organizations child join tree on child.parent_id = tree.id
     )
     select ${TERM_COLUMNS} from organizations where id in (select id from tree)`,
    [organizationId],
  )
  return rows
}

export async function subscriptionRows(sql: Sql) {
  const { rows } = await sql.query<{ id: number; title: string; currency: string }>(
    `select id, title, currency from subscriptions`,
  )
  return rows
}

/** Every subscription's price list, in list order. */
export async function subscriptionPriceRows(sql: Sql) {
  const { rows } = await sql.query<{ parent: number; from: Date; amount: string }>(
    `select _parent_id as parent, "from", amount from subscriptions_prices order by _parent_id, _order`,
  )
  return rows
}

export interface ExistingInvoiceRow {
  id: number
  organization_id: number
  status: string
}

/** The non-void invoices of these payers in the period. */
export async function nonVoidInvoicesOfPayers(
  sql: Sql,
  payerIds: number[],
  period: string,
): Promise<ExistingInvoiceRow[]> {
  const { rows } = await sql.query<ExistingInvoiceRow>(
    `select id, organization_id, status from invoices
      where organization_id = any($1::int[]) and period = $2 and status <> 'void'`,
    [payerIds, period],
  )
  return rows
}

/** Ids of the non-void invoices of these payers in the period. */
export async function nonVoidInvoiceIds(
  sql: Sql,
  payerIds: number[],
  period: string,
): Promise<number[]> {
  const { rows } = await sql.query<{ id: number }>(
    `select id from invoices where organization_id = any($1::int[]) and period = $2 and status <> 'void'`,
    [payerIds, period],
  )
  return rows.map((row) => Number(row.id))
}

export interface UsageRow {
  organization_id: number
  subscription_id: number
  camera_key: string
  /** Epoch milliseconds (whole, as pg's own Date parsing gives them), null while open. */
  from_ms: number
  to_ms: number | null
}

/**
 * The usage intervals of these organizations overlapping [start, end). The times come as epoch
 * milliseconds (float8 holds them exactly): a month close reads a million of them, and pg's
 * parsing of timestamptz into Dates cost more than the query.
 */
export async function usageOfOrganizationsOverlapping(
  sql: Sql,
  organizationIds: number[],
  start: Date,
  end: Date,
): Promise<UsageRow[]> {
  const { rows } = await sql.query<UsageRow>(
    `select organization_id, subscription_id, camera_key,
        floor(extract(epoch from "from") * 1000)::float8 as from_ms, floor(extract(epoch from "to") * 1000)::float8 as to_ms
      from camera_usage
      where organization_id = any($1::int[]) and "from" < $3 and ("to" is null or "to" > $2)`,
    [organizationIds, start, end],
  )
  return rows
}

/** New draft invoices, one per draft; a payer whose invoice exists already gets none. Answers the ids by payer. */
export async function insertDraftInvoices(
  sql: Sql,
  drafts: InvoiceDraft[],
  now: Date,
): Promise<Map<number, number>> {
  const column = <T>(pick: (draft: InvoiceDraft) => T) => drafts.map(pick)
  const { rows } = await sql.query<{ id: number; organization_id: number }>(
    `insert into invoices (organization_id, period, status, period_start, period_end, subtotal, tax, total, currency,
        tax_rate_bp, generated_at, updated_at, created_at)
      select d.organization_id, d.period, 'draft', d.period_start, d.period_end, d.subtotal, d.tax, d.total, d.currency,
          d.tax_rate_bp, $10, $10, $10
        from unnest($1::int[], $2::varchar[], $3::timestamptz[], $4::timestamptz[], $5::numeric[], $6::numeric[], $7::numeric[],
          $8::varchar[], $9::numeric[]) as d(organization_id, period, period_start, period_end, subtotal, tax, total, currency, tax_rate_bp)
      on conflict do nothing returning id, organization_id`,
    [
      column((draft) => draft.payerId),
      column((draft) => draft.period.key),
      column((draft) => draft.period.start.toISOString()),
      column((draft) => draft.period.end.toISOString()),
      column((draft) => draft.subtotal),
      column((draft) => draft.tax),
      column((draft) => draft.total),
      column((draft) => draft.currency),
      column((draft) => draft.taxRateBp),
      now,
    ],
  )
  return new Map(rows.map((row) => [Number(row.organization_id), Number(row.id)]))
}

/** Rebuilds a draft's totals; false when it is no longer a draft. */
export async function rebuildDraftTotals(
  sql: Sql,
  id: number,
  draft: InvoiceDraft,
  now: Date,
): Promise<boolean> {
  const updated = await sql.query(
    `update invoices set period_start = $2, period_end = $3, subtotal = $4, tax = $5, total = $6, currency = $7,
        tax_rate_bp = $8, generated_at = $9, updated_at = $9
      where id = $1 and status = 'draft' returning id`,
    [
      id,
      draft.period.start,
      draft.period.end,
      draft.subtotal,
      draft.tax,
      draft.total,
      draft.currency,
      draft.taxRateBp,
      now,
    ],
  )
  return (updated.rowCount ?? 0) > 0
}

export async function deleteInvoiceLines(sql: Sql, invoiceId: number): Promise<void> {
  await sql.query('delete from invoices_lines where _parent_id = $1', [invoiceId])
}

/** A Payload array row id: 24 hex characters. */
const arrayRowId = () => randomUUID().replace(/-/g, '').slice(0, 24)

/** The lines of these invoices, in one insert. */
export async function insertInvoiceLines(
  sql: Sql,
  invoices: { id: number; draft: InvoiceDraft }[],
): Promise<void> {
  const rows = invoices.flatMap(({ id, draft }) =>
    draft.lines.map((line, index) => ({ id, line, index })),
  )
  if (rows.length === 0) return
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick)
  await sql.query(
    `insert into invoices_lines (_order, _parent_id, id, organization_id, subscription_id, description, segment_start,
        segment_end, camera_seconds, camera_days, average_cameras, unit_price, amount)
      select * from unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::int[], $6::varchar[], $7::timestamptz[],
        $8::timestamptz[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])`,
    [
      column((row) => row.index + 1),
      column((row) => row.id),
      column(() => arrayRowId()),
      column((row) => row.line.organizationId),
      column((row) => row.line.subscriptionId),
      column((row) => row.line.description),
      column((row) => row.line.segmentStart.toISOString()),
      column((row) => row.line.segmentEnd.toISOString()),
      column((row) => row.line.cameraSeconds),
      column((row) => row.line.cameraDays),
      column((row) => row.line.averageCameras),
      column((row) => row.line.unitPrice),
      column((row) => row.line.amount),
    ],
  )
}

// ---- the lifecycle

export interface InvoiceRow {
  id: number
  organization_id: number
  period: string
  status: string
  number: string | null
  period_start: Date | null
  period_end: Date | null
  subtotal: string
  tax: string
  total: string
  tax_rate_bp: string | null
  currency: string
  issued_at: Date | null
  due_at: Date | null
  amount_paid: string | null
  amount_credited: string | null
  amount_due: string | null
  /** The language it was issued in (null while a draft). */
  locale: string | null
}

export async function invoiceRow(sql: Sql, id: number): Promise<InvoiceRow | undefined> {
  const { rows } = await sql.query<InvoiceRow>('select * from invoices where id = $1', [id])
  return rows[0]
}

export async function lockInvoiceForUpdate(sql: Sql, id: number): Promise<InvoiceRow | undefined> {
  const { rows } = await sql.query<InvoiceRow>('select * from invoices where id = $1 for update', [
    id,
  ])
  return rows[0]
}

export async function payerOfInvoice(sql: Sql, id: number): Promise<number | undefined> {
  const { rows } = await sql.query<{ organization_id: number }>(
    'select organization_id from invoices where id = $1',
    [id],
  )
  return rows[0]?.organization_id
}

export async function buyerOf(sql: Sql, organizationId: number) {
  const { rows } = await sql.query<{
    id: number
    title: string
    timezone: string | null
    locale: string | null
    billing_address: string | null
  }>('select id, title, timezone, locale, billing_address from organizations where id = $1', [
    organizationId,
  ])
  return rows[0]
}

export async function linesForPdf(sql: Sql, invoiceId: number) {
  const { rows } = await sql.query<{
    description: string | null
    camera_days: string
    average_cameras: string
    unit_price: string
    amount: string
  }>(
    'select description, camera_days, average_cameras, unit_price, amount from invoices_lines where _parent_id = $1 order by _order',
    [invoiceId],
  )
  return rows
}

/** The payer's payment terms in days (14 when unset). */
export async function paymentTermsDays(sql: Sql, organizationId: number): Promise<number> {
  const { rows } = await sql.query<{ payment_terms_days: string | null }>(
    'select payment_terms_days from organizations where id = $1',
    [organizationId],
  )
  return Number(rows[0]?.payment_terms_days ?? 14)
}

export async function storeInvoiceDocument(
  sql: Sql,
  invoiceId: number,
  file: { filename: string; sha256: string; data: Buffer },
  now: Date,
): Promise<void> {
  await sql.query(
    `insert into invoice_documents (invoice_id, filename, sha256, data, updated_at, created_at) values ($1, $2, $3, $4, $5, $5)
      on conflict (invoice_id) do update set filename = excluded.filename, sha256 = excluded.sha256, data = excluded.data, updated_at = excluded.updated_at`,
    [invoiceId, file.filename, file.sha256, file.data.toString('base64'), now],
  )
}

export async function storedInvoiceDocument(
  sql: Sql,
  invoiceId: number,
): Promise<{ filename: string; data: Buffer } | undefined> {
  const { rows } = await sql.query<{ filename: string; data: string }>(
    'select filename, data from invoice_documents where invoice_id = $1',
    [invoiceId],
  )
  return rows[0] && { filename: rows[0].filename, data: Buffer.from(rows[0].data, 'base64') }
}

/** Issued: numbered, dated, due, with nothing paid or credited yet. */
export async function markIssued(
  sql: Sql,
  id: number,
  {
    number,
    issuedAt,
    dueAt,
    locale,
  }: { number: string; issuedAt: Date; dueAt: Date; locale: string },
): Promise<void> {
  await sql.query(
    `update invoices set status = 'issued', number = $2, issued_at = $3, due_at = $4, locale = $5, updated_at = $3,
        amount_paid = 0, amount_credited = 0, amount_due = total where id = $1`,
    [id, number, issuedAt, dueAt, locale],
  )
}

/** Void: nothing is due any more (a draft keeps what it had). */
export async function markVoid(sql: Sql, id: number, now: Date): Promise<void> {
  await sql.query(
    `update invoices set status = 'void', amount_due = case when status = 'draft' then amount_due else 0 end, updated_at = $2 where id = $1`,
    [id, now],
  )
}

/** Each numbered document's table of yearly counters (one row per year). */
const SEQUENCES = { INV: 'invoice_number_sequences', CN: 'credit_note_number_sequences' } as const

/**
 * The next number of a gapless yearly sequence (INV-2026-000001, CN-2026-000001), taken in the
 * caller's transaction: the year's row stays locked until it ends, so concurrent callers get
 * consecutive numbers and one that rolls back uses none up.
 */
export async function nextNumber(
  sql: Sql,
  prefix: keyof typeof SEQUENCES,
  year: number,
): Promise<string> {
  const table = SEQUENCES[prefix]
  const { rows } = await sql.query<{ last: string | number }>(
    `insert into ${table} (year, last) values ($1, 1) on conflict (year) do update set last = ${table}.last + 1 returning last`,
    [year],
  )
  return formatInvoiceNumber(year, Number(rows[0]!.last), prefix)
}
