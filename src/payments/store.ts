import { randomBytes } from 'node:crypto'
import { affected, rows, type Sql } from '../db'

/** The payments domain's SQL (payments, their allocations to invoices, and what settling changes on invoices). */

export interface PayerRow {
  id: number
  title: string
  currency: string
  payer: string
}

export async function payerRow(sql: Sql, id: number): Promise<PayerRow | undefined> {
  const { rows } = await sql.query<PayerRow>(
    'select id, title, currency, payer from organizations where id = $1',
    [id],
  )
  return rows[0]
}

/** The currencies of the payer's issued invoices. */
export async function issuedInvoiceCurrencies(sql: Sql, organizationId: number): Promise<string[]> {
  const { rows } = await sql.query<{ currency: string }>(
    `select distinct currency from invoices where organization_id = $1 and status = 'issued'`,
    [organizationId],
  )
  return rows.map((row) => row.currency)
}

/** The currencies of the payer's issued and paid invoices. */
export async function billedInvoiceCurrencies(sql: Sql, organizationId: number): Promise<string[]> {
  const { rows } = await sql.query<{ currency: string }>(
    `select distinct currency from invoices where organization_id = $1 and status in ('issued', 'paid')`,
    [organizationId],
  )
  return rows.map((row) => row.currency)
}

/** One invoice of the payer: its status, number and what is due on it. */
export async function invoiceDueOf(sql: Sql, invoiceId: number, organizationId: number) {
  const { rows } = await sql.query<{ status: string; number: string | null; due: string }>(
    'select status, number, coalesce(amount_due, total) as due from invoices where id = $1 and organization_id = $2',
    [invoiceId, organizationId],
  )
  return rows[0]
}

/** A payment's allocations and what it has left unallocated, as stored. */
export async function storedAllocations(sql: Sql, paymentId: number) {
  const rows = await sql.query<{ id: string; invoice_id: number; amount: string }>(
    'select id, invoice_id, amount from payments_allocations where _parent_id = $1 order by _order',
    [paymentId],
  )
  const payment = await sql.query<{ unallocated: string }>(
    'select unallocated from payments where id = $1',
    [paymentId],
  )
  return {
    allocations: rows.rows.map((row) => ({
      id: row.id,
      invoice: row.invoice_id,
      amount: Number(row.amount),
    })),
    unallocated: Number(payment.rows[0]?.unallocated ?? 0),
  }
}

/** The payments allocated to an invoice, oldest first. */
export interface InvoicePaymentRow {
  payment: number
  amount: string
  date: Date
  reference: string | null
}

/** The payments allocated to each of these invoices, oldest first; an invoice without any is absent. */
export async function paymentsOfInvoices(
  sql: Sql,
  invoiceIds: number[],
): Promise<Map<number, InvoicePaymentRow[]>> {
  const { rows } = await sql.query<InvoicePaymentRow & { invoice: number }>(
    `select a.invoice_id as invoice, p.id as payment, a.amount, p.date, p.reference
      from payments_allocations a join payments p on p.id = a._parent_id
      where a.invoice_id = any($1::int[]) order by a.invoice_id, p.date, p.id`,
    [invoiceIds],
  )
  const byInvoice = new Map<number, InvoicePaymentRow[]>()
  for (const { invoice, ...row } of rows) {
    const list = byInvoice.get(Number(invoice))
    if (list) list.push(row)
    else byInvoice.set(Number(invoice), [row])
  }
  return byInvoice
}

export interface OpenInvoiceRow {
  id: number
  number: string | null
  due_at: Date | null
  amount_due: string | null
  total: string
}

/** The payer's issued invoices in a currency, locked until the transaction ends. */
export const lockOpenInvoices = (sql: Sql, organizationId: number, currency: string) =>
  rows<OpenInvoiceRow>(
    sql,
    `select id, number, due_at, amount_due, total from invoices
      where organization_id = $1 and currency = $2 and status = 'issued' order by id for update`,
    [organizationId, currency],
  )

export interface CreditRow {
  id: number
  unallocated: string
  reference: string | null
  date: Date
}

/** The payer's payments with something unallocated in a currency, oldest first, locked. */
export const lockCredit = (sql: Sql, organizationId: number, currency: string) =>
  rows<CreditRow>(
    sql,
    `select id, unallocated, reference, date from payments
      where organization_id = $1 and currency = $2 and unallocated > 0 order by date, id for update`,
    [organizationId, currency],
  )

/** The same, newest first (a refund spends the newest credit first). */
export async function lockCreditNewestFirst(
  sql: Sql,
  organizationId: number,
  currency: string,
): Promise<{ id: number; unallocated: string }[]> {
  const { rows } = await sql.query<{ id: number; unallocated: string }>(
    `select id, unallocated from payments where organization_id = $1 and currency = $2 and unallocated > 0 order by date desc, id desc for update`,
    [organizationId, currency],
  )
  return rows
}

export async function refundFromPayment(
  sql: Sql,
  paymentId: number,
  amount: number,
): Promise<void> {
  await sql.query(
    'update payments set unallocated = unallocated - $2, refunded = coalesce(refunded, 0) + $2 where id = $1',
    [paymentId, amount],
  )
}

/** Moves `amount` of a payment's credit (negative: back into it). */
export async function changeUnallocated(
  sql: Sql,
  paymentId: number,
  by: number,
  now: Date,
): Promise<void> {
  await sql.query(
    'update payments set unallocated = unallocated + $2, updated_at = $3 where id = $1',
    [paymentId, by, now],
  )
}

export const coverInvoice = (sql: Sql, invoiceId: number, amount: number, now: Date) =>
  affected(
    sql,
    `update invoices set amount_paid = coalesce(amount_paid, 0) + $2, amount_due = coalesce(amount_due, total) - $2, updated_at = $3 where id = $1`,
    [invoiceId, amount, now],
  )

export async function markPaid(
  sql: Sql,
  invoiceId: number,
  paidAt: Date,
  reference: string | null,
  now: Date,
): Promise<void> {
  await sql.query(
    `update invoices set status = 'paid', paid_at = $2, payment_reference = coalesce($3, payment_reference), updated_at = $4 where id = $1`,
    [invoiceId, paidAt, reference, now],
  )
}

/** A new row id of a Payload array (payments.allocations), in the shape Payload writes them. */
const arrayRowId = () => randomBytes(12).toString('hex')

/** Adds to the payment's allocation row for the invoice (one row per payment and invoice). */
export async function addAllocation(
  sql: Sql,
  paymentId: number,
  invoiceId: number,
  amount: number,
): Promise<void> {
  const updated = await sql.query(
    'update payments_allocations set amount = amount + $3 where _parent_id = $1 and invoice_id = $2',
    [paymentId, invoiceId, amount],
  )
  if (updated.rowCount) return
  await sql.query(
    `insert into payments_allocations (_order, _parent_id, id, invoice_id, amount)
     values ((select coalesce(max(_order), 0) + 1 from payments_allocations where _parent_id = $1), $1, $2, $3, $4)`,
    [paymentId, arrayRowId(), invoiceId, amount],
  )
}

export interface AllocationRow {
  id: string
  payment_id: number
  amount: string
}

/** What payments allocated to an invoice, oldest payment first, locked. */
export async function lockAllocationsTo(sql: Sql, invoiceId: number): Promise<AllocationRow[]> {
  const { rows } = await sql.query<AllocationRow>(
    `select a.id, a._parent_id as payment_id, a.amount from payments_allocations a join payments p on p.id = a._parent_id
      where a.invoice_id = $1 order by p.date, p.id for update of a`,
    [invoiceId],
  )
  return rows
}

export async function reduceAllocation(
  sql: Sql,
  allocationId: string,
  by: number,
  whole: boolean,
): Promise<void> {
  if (whole) await sql.query('delete from payments_allocations where id = $1', [allocationId])
  else
    await sql.query('update payments_allocations set amount = amount - $2 where id = $1', [
      allocationId,
      by,
    ])
}

export const uncoverInvoice = (sql: Sql, invoiceId: number, amount: number, now: Date) =>
  affected(
    sql,
    `update invoices set amount_paid = amount_paid - $2, updated_at = $3 where id = $1`,
    [invoiceId, amount, now],
  )

/** The payer's credit in a currency: what its payments have not allocated. */
export async function availableCredit(
  sql: Sql,
  organizationId: number,
  currency: string,
): Promise<number> {
  const { rows } = await sql.query<{ credit: string }>(
    `select coalesce(sum(unallocated), 0)::text as credit from payments where organization_id = $1 and currency = $2`,
    [organizationId, currency],
  )
  return Number(rows[0]!.credit)
}

// ---- Idempotency-Key claims

export interface StoredKey {
  requestHash: string
  paymentId: number | null
  status: number | null
  response: unknown
}

/**
 * Claims the key inside the caller's transaction: true when this request is the first with it.
 * A concurrent request with the same key waits on the unique key until the first commits (then
 * sees it) or rolls back (then claims it itself): exactly one payment is recorded per key.
 */
export async function claimKey(
  sql: Sql,
  scope: string,
  key: string,
  hash: string,
): Promise<boolean> {
  const claimed = await sql.query(
    `insert into payment_idempotency_keys (scope, key, request_hash) values ($1, $2, $3) on conflict (scope, key) do nothing returning key`,
    [scope, key, hash],
  )
  return (claimed.rowCount ?? 0) > 0
}

export async function storedKey(
  sql: Sql,
  scope: string,
  key: string,
): Promise<StoredKey | undefined> {
  const { rows } = await sql.query<{
    request_hash: string
    payment_id: number | null
    status: number | null
    response: unknown
  }>(
    'select request_hash, payment_id, status, response from payment_idempotency_keys where scope = $1 and key = $2',
    [scope, key],
  )
  const row = rows[0]
  return (
    row && {
      requestHash: row.request_hash,
      paymentId: row.payment_id,
      status: row.status,
      response: row.response,
    }
  )
}

export async function completeKey(
  sql: Sql,
  scope: string,
  key: string,
  paymentId: number,
  status: number,
): Promise<void> {
  await sql.query(
    'update payment_idempotency_keys set payment_id = $3, status = $4 where scope = $1 and key = $2',
    [scope, key, paymentId, status],
  )
}

export async function storeResponse(
  sql: Sql,
  scope: string,
  key: string,
  response: unknown,
): Promise<void> {
  await sql.query(
    'update payment_idempotency_keys set response = $3 where scope = $1 and key = $2',
    [scope, key, JSON.stringify(response)],
  )
}
