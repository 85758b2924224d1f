import { allocateCredit, oldestFirst, release } from '../billing/allocation'
import type { Sql } from '../db'
import { recordEvent } from '../events'
import {
  addAllocation,
  changeUnallocated,
  coverInvoice,
  lockAllocationsTo,
  lockCredit,
  lockOpenInvoices,
  markPaid,
  reduceAllocation,
  uncoverInvoice,
  type CreditRow,
} from './store'

export interface SettleOptions {
  organizationId: number
  currency: string
  now: Date
  /** An invoice to cover before the oldest ones (POST /api/invoices/<id>/pay). */
  first?: number
}

/**
 * Applies the payer's credit (payments with something unallocated, oldest first) to its open
 * invoices in that currency (oldest due first), inside the caller's transaction (the payer
 * locked with lockPayer). An invoice whose amount due reaches zero becomes `paid` (paidAt: the
 * date of the payment that completed it, else now) and `invoice.paid` is recorded. Answers the
 * ids of the invoices it paid.
 */
export async function settle(
  sql: Sql,
  { organizationId, currency, now, first }: SettleOptions,
): Promise<number[]> {
  const open = await lockOpenInvoices(sql, organizationId, currency)
  if (open.length === 0) return []
  const credit = await lockCredit(sql, organizationId, currency)
  const invoices = oldestFirst(
    open.map((row) => ({
      id: row.id,
      number: row.number,
      dueAt: row.due_at,
      amountDue: Number(row.amount_due ?? row.total),
    })),
    first,
  )
  const allocations = allocateCredit(
    credit.map((row) => ({ id: row.id, available: Number(row.unallocated) })),
    invoices,
  )
  const due = new Map(invoices.map((invoice) => [invoice.id, invoice.amountDue]))
  const completedBy = new Map<number, CreditRow>()
  const payments = new Map(credit.map((row) => [row.id, row]))
  for (const allocation of allocations) {
    await addAllocation(sql, allocation.sourceId, allocation.invoiceId, allocation.amount)
    await changeUnallocated(sql, allocation.sourceId, -allocation.amount, now)
    await coverInvoice(sql, allocation.invoiceId, allocation.amount, now)
    const left = due.get(allocation.invoiceId)! - allocation.amount
    due.set(allocation.invoiceId, left)
    if (left === 0) completedBy.set(allocation.invoiceId, payments.get(allocation.sourceId)!)
  }
  const paid: number[] = []
  for (const invoice of invoices) {
    if (due.get(invoice.id) !== 0) continue
    const payment = completedBy.get(invoice.id)
    await markPaid(sql, invoice.id, payment?.date ?? now, payment?.reference ?? null, now)
    await recordEvent(sql, {
      type: 'invoice.paid',
      organization: organizationId,
      data: { invoiceId: invoice.id, number: invoice.number },
      occurredAt: now,
    })
    paid.push(invoice.id)
  }
  return paid
}

/**
 * Takes `amount` of what payments allocated to an invoice back into those payments' credit,
 * newest allocation first (a credit note beyond what was due, a void). Answers what came back.
 */
export async function releaseAllocations(
  sql: Sql,
  invoiceId: number,
  amount: number,
  now: Date,
): Promise<number> {
  if (amount <= 0) return 0
  const rows = await lockAllocationsTo(sql, invoiceId)
  const taken = release(
    rows.map((row) => ({ ...row, amount: Number(row.amount) })),
    amount,
  )
  for (const { allocation, amount: back } of taken) {
    await reduceAllocation(sql, allocation.id, back, back === allocation.amount)
    await changeUnallocated(sql, allocation.payment_id, back, now)
  }
  await uncoverInvoice(sql, invoiceId, amount, now)
  return amount
}
