import { allocateCredit, oldestFirst, release } from '../billing/allocation'
import type { Sql, Statement } from '../db'
import { eventsInsert, type BillingEventInput } from '../events'
import {
  arrayRowId,
  changeUnallocated,
  lockAllocationsTo,
  lockOpenInvoicesAndCredit,
  reduceAllocation,
  uncoverInvoice,
  writeSettlement,
  type CreditRow,
  type InvoiceCovered,
  type NewAllocation,
} from './store'

export interface SettleOptions {
  organizationId: number
  currency: string
  now: Date
  /** An invoice to cover before the oldest ones (POST /api/invoices/<id>/pay). */
  first?: number
  /** The caller's own events, recorded ahead of `invoice.paid`. */
  events?: BillingEventInput[]
  /** The caller's own writes (withAlongside), sent in the same round trip as the settlement's read. */
  alongside?: Statement[]
}

export interface Settlement {
  /** The invoices it paid, oldest first. */
  paid: number[]
  /** What it allocated, one per payment and invoice (`rowId`: the allocation row's id when it is new). */
  allocations: NewAllocation[]
}

/**
 * Applies the payer's credit (payments with something unallocated, oldest first) to its open
 * invoices in that currency (oldest due first), inside the caller's transaction (the payer
 * locked with lockPayer). An invoice whose amount due reaches zero becomes `paid` (paidAt: the
 * date of the payment that completed it, else now) and `invoice.paid` is recorded. Answers the
 * ids of the invoices it paid.
 */
export async function settle(sql: Sql, options: SettleOptions): Promise<number[]> {
  return (await settleCredit(sql, options)).paid
}

/**
 * settle, answering the allocations too. Two statements whatever the number of invoices: the open
 * invoices and the credit read and locked together (with the caller's events and writes alongside),
 * then the settlement written in one statement with its `invoice.paid` events; the decisions are
 * billing/allocation's.
 */
export async function settleCredit(
  sql: Sql,
  { organizationId, currency, now, first, events = [], alongside = [] }: SettleOptions,
): Promise<Settlement> {
  const { invoices: open, credit } = await lockOpenInvoicesAndCredit(
    sql,
    organizationId,
    currency,
    [...alongside, ...(events.length > 0 ? [eventsInsert(events).statement] : [])],
  )
  const invoices = oldestFirst(
    open.map((row) => ({
      id: row.id,
      number: row.number,
      dueAt: row.due_at,
      amountDue: Number(row.due),
    })),
    first,
  )
  const allocated = allocateCredit(
    credit.map((row) => ({ id: row.id, available: Number(row.unallocated) })),
    invoices,
  )
  const due = new Map(invoices.map((invoice) => [invoice.id, invoice.amountDue]))
  const coveredBy = new Map<number, number>()
  const completedBy = new Map<number, CreditRow>()
  const payments = new Map(credit.map((row) => [row.id, row]))
  for (const allocation of allocated) {
    const left = due.get(allocation.invoiceId)! - allocation.amount
    due.set(allocation.invoiceId, left)
    coveredBy.set(
      allocation.invoiceId,
      (coveredBy.get(allocation.invoiceId) ?? 0) + allocation.amount,
    )
    if (left === 0) completedBy.set(allocation.invoiceId, payments.get(allocation.sourceId)!)
  }
  const covered: InvoiceCovered[] = []
  const paid: number[] = []
  for (const invoice of invoices) {
    const done = due.get(invoice.id) === 0
    if (done) paid.push(invoice.id)
    if (!done && !coveredBy.has(invoice.id)) continue
    const payment = completedBy.get(invoice.id)
    covered.push({
      invoiceId: invoice.id,
      amount: coveredBy.get(invoice.id) ?? 0,
      paid: done,
      paidAt: done ? (payment?.date ?? now) : null,
      reference: done ? (payment?.reference ?? null) : null,
    })
  }
  // allocateCredit gives at most one allocation per payment and invoice
  const allocations = allocated.map((allocation) => ({
    paymentId: allocation.sourceId,
    invoiceId: allocation.invoiceId,
    amount: allocation.amount,
    rowId: arrayRowId(),
  }))
  const paidEvents = paid.map((invoiceId) => ({
    type: 'invoice.paid' as const,
    organization: organizationId,
    data: { invoiceId, number: invoices.find((invoice) => invoice.id === invoiceId)!.number },
    occurredAt: now,
  }))
  await writeSettlement(
    sql,
    allocations,
    covered,
    now,
    paidEvents.length > 0 ? [eventsInsert(paidEvents).statement] : [],
  )
  return { paid, allocations }
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
