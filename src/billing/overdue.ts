/**
 * When an invoice is overdue, pure: the one definition dunning, the operator dashboard, the
 * invoice admin and the portal use. An invoice is overdue at `now` when it is issued (not a draft,
 * not paid, not void), its due date is before `now`, and something is still due on it; what is
 * overdue is its amount due (total − paid − credited), never its total: a partly paid invoice owes
 * only the rest.
 */

export interface OverdueFacts {
  status: string | null | undefined
  dueAt: Date | string | null | undefined
  /** Total − paid − credited, kept by the payment operations from issue on. */
  amountDue?: number | null
  /** Only for invoices without an amount due (issued before the payment operations kept it). */
  total?: number | null
}

const timeOf = (value: Date | string | null | undefined): number | null => {
  if (value === null || value === undefined || value === '') return null
  const time = value instanceof Date ? value.getTime() : Date.parse(value)
  return Number.isFinite(time) ? time : null
}

/**
 * What is still due on an issued invoice: its amount due, or its total when it has none (older
 * rows); undefined when neither is known (a caller that did not load the amounts).
 */
export function amountDueOf(
  invoice: Pick<OverdueFacts, 'amountDue' | 'total'>,
): number | undefined {
  if (typeof invoice.amountDue === 'number') return invoice.amountDue
  if (typeof invoice.total === 'number') return invoice.total
  return undefined
}

/** Issued and its due date before `now`, whatever is left to pay. */
export function isPastDue(invoice: OverdueFacts, now: Date | number): boolean {
  if (invoice.status !== 'issued') return false
  const due = timeOf(invoice.dueAt)
  return due !== null && due < (typeof now === 'number' ? now : now.getTime())
}

/**
 * Issued, past its due date at `now`, and with an amount due above zero. An invoice whose amounts
 * were not given counts as still owed: an issued invoice is open until its amounts say otherwise.
 */
export function isOverdue(invoice: OverdueFacts, now: Date | number): boolean {
  if (!isPastDue(invoice, now)) return false
  const due = amountDueOf(invoice)
  return due === undefined || due > 0
}

/** What is overdue on the invoice at `now` (minor units): its amount due, or 0 when not overdue. */
export function amountOverdue(invoice: OverdueFacts, now: Date | number): number {
  return isOverdue(invoice, now) ? (amountDueOf(invoice) ?? 0) : 0
}

export interface OverdueSummary {
  count: number
  /** Per currency, by currency code: the amounts due of the overdue invoices. */
  totals: { currency: string; amount: number }[]
}

/** How many invoices are overdue at `now` and how much is overdue, per currency. */
export function overdueSummary(
  invoices: Iterable<OverdueFacts & { currency: string }>,
  now: Date | number,
): OverdueSummary {
  let count = 0
  const byCurrency = new Map<string, number>()
  for (const invoice of invoices) {
    if (!isOverdue(invoice, now)) continue
    count += 1
    byCurrency.set(
      invoice.currency,
      (byCurrency.get(invoice.currency) ?? 0) + (amountDueOf(invoice) ?? 0),
    )
  }
  const totals = [...byCurrency]
    .map(([currency, amount]) => ({ currency, amount }))
    .sort((a, b) => a.currency.localeCompare(b.currency))
  return { count, totals }
}
