import { randomBytes } from 'node:crypto'
import { allocateCredit, oldestFirst, release } from '../billing/allocation'
import { recordEvent } from '../events/record'
import type { Sql } from '../db'

interface OpenInvoiceRow {
  id: number
  number: string | null
  due_at: Date | null
  amount_due: string | null
  total: string
}

interface CreditRow {
  id: number
  unallocated: string
  reference: string | null
  date: Date
}

export interface SettleOptions {
  organizationId: number
  currency: string
  now: Date
  /** An invoice to cover before the oldest ones (POST /api/invoices/<id>/pay). */
  first?: number
}

/** A new row id of a Payload array (payments.allocations), in the shape Payload writes them. */
const arrayRowId = () => randomBytes(12).toString('hex')

/**
 * Applies the payer's credit (payments with something unallocated, oldest first) to its open
 * invoices in that currency (oldest due first), inside the caller's transaction (the payer
 * locked with lockPayer). An invoice whose amount due reaches zero becomes `paid` (paidAt: the
 * date of the payment that completed it, else now) and `invoice.paid` is recorded. Answers the
 * ids of the invoices it paid.
 */
export async function settle(sql: Sql, { organizationId, currency, now, first }: SettleOptions): Promise<number[]> {
  const open = await sql.query<OpenInvoiceRow>(
    `select id, number, due_at, amount_due, total from invoices
      where organization_id = $1 and currency = $2 and status = 'issued' order by id for update`,
    [organizationId, currency],
  )
  if (open.rows.length === 0) return []
  const credit = await sql.query<CreditRow>(
    `select id, unallocated, reference, date from payments
      where organization_id = $1 and currency = $2 and unallocated > 0 order by date, id for update`,
    [organizationId, currency],
  )
  const invoices = oldestFirst(
    open.rows.map((row) => ({ id: row.id, number: row.number, dueAt: row.due_at, amountDue: Number(row.amount_due ?? row.total) })),
    first,
  )
  const allocations = allocateCredit(
    credit.rows.map((row) => ({ id: row.id, available: Number(row.unallocated) })),
    invoices,
  )
  const due = new Map(invoices.map((invoice) => [invoice.id, invoice.amountDue]))
  const completedBy = new Map<number, CreditRow>()
  const payments = new Map(credit.rows.map((row) => [row.id, row]))
  for (const allocation of allocations) {
    await addAllocation(sql, allocation.sourceId, allocation.invoiceId, allocation.amount)
    await sql.query('update payments set unallocated = unallocated - $2, updated_at = $3 where id = $1', [allocation.sourceId, allocation.amount, now])
    await sql.query(
      `update invoices set amount_paid = coalesce(amount_paid, 0) + $2, amount_due = coalesce(amount_due, total) - $2, updated_at = $3 where id = $1`,
      [allocation.invoiceId, allocation.amount, now],
    )
    const left = due.get(allocation.invoiceId)! - allocation.amount
    due.set(allocation.invoiceId, left)
    if (left === 0) completedBy.set(allocation.invoiceId, payments.get(allocation.sourceId)!)
  }
  const paid: number[] = []
  for (const invoice of invoices) {
    if (due.get(invoice.id) !== 0) continue
    const payment = completedBy.get(invoice.id)
    await sql.query(
      `update invoices set status = 'paid', paid_at = $2, payment_reference = coalesce($3, payment_reference), updated_at = $4 where id = $1`,
      [invoice.id, payment?.date ?? now, payment?.reference ?? null, now],
    )
    await recordEvent(sql, { type: 'invoice.paid', organization: organizationId, data: { invoiceId: invoice.id, number: invoice.number }, occurredAt: now })
    paid.push(invoice.id)
  }
  return paid
}

/** Adds to the payment's allocation row for the invoice (one row per payment and invoice). */
async function addAllocation(sql: Sql, paymentId: number, invoiceId: number, amount: number): Promise<void> {
  const updated = await sql.query('update payments_allocations set amount = amount + $3 where _parent_id = $1 and invoice_id = $2', [paymentId, invoiceId, amount])
  if (updated.rowCount) return
  await sql.query(
    `insert into payments_allocations (_order, _parent_id, id, invoice_id, amount)
     values ((select coalesce(max(_order), 0) + 1 from payments_allocations where _parent_id = $1), $1, $2, $3, $4)`,
    [paymentId, arrayRowId(), invoiceId, amount],
  )
}

interface AllocationRow {
  id: string
  payment_id: number
  amount: string
}

/**
 * Takes `amount` of what payments allocated to an invoice back into those payments' credit,
 * newest allocation first (a credit note beyond what was due, a void). Answers what came back.
 */
export async function releaseAllocations(sql: Sql, invoiceId: number, amount: number, now: Date): Promise<number> {
  if (amount <= 0) return 0
  const { rows } = await sql.query<AllocationRow>(
    `select a.id, a._parent_id as payment_id, a.amount from payments_allocations a join payments p on p.id = a._parent_id
      where a.invoice_id = $1 order by p.date, p.id for update of a`,
    [invoiceId],
  )
  const taken = release(rows.map((row) => ({ ...row, amount: Number(row.amount) })), amount)
  for (const { allocation, amount: back } of taken) {
    if (back === allocation.amount) await sql.query('delete from payments_allocations where id = $1', [allocation.id])
    else await sql.query('update payments_allocations set amount = amount - $2 where id = $1', [allocation.id, back])
    await sql.query('update payments set unallocated = unallocated + $2, updated_at = $3 where id = $1', [allocation.payment_id, back, now])
  }
  await sql.query(`update invoices set amount_paid = amount_paid - $2, updated_at = $3 where id = $1`, [invoiceId, amount, now])
  return amount
}

/** The payer's credit in a currency: what its payments have not allocated. */
export async function availableCredit(sql: Sql, organizationId: number, currency: string): Promise<number> {
  const { rows } = await sql.query<{ credit: string }>(
    `select coalesce(sum(unallocated), 0)::text as credit from payments where organization_id = $1 and currency = $2`,
    [organizationId, currency],
  )
  return Number(rows[0]!.credit)
}
