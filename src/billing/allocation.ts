/**
 * How money is applied to invoices: pure rules, integer minor units.
 * Open invoices are settled oldest first (by due date, then number); credit (payments not yet
 * fully allocated) is spent oldest payment first. Nothing is ever allocated beyond what is due
 * or beyond what a payment has left.
 */

export interface OpenInvoice {
  id: number
  number: string | null
  dueAt: Date | string | null
  /** What is still due, in minor units (≥ 0). */
  amountDue: number
}

export interface CreditSource {
  id: number
  /** What the payment has not yet allocated, in minor units (≥ 0). */
  available: number
}

export interface Allocation {
  sourceId: number
  invoiceId: number
  amount: number
}

const time = (value: Date | string | null) =>
  value === null ? Number.POSITIVE_INFINITY : new Date(value).getTime()

/** Oldest first: by due date (none last), then number, then id; `first` (an invoice being paid on purpose) ahead of all. */
export function oldestFirst<T extends OpenInvoice>(invoices: readonly T[], first?: number): T[] {
  return [...invoices].sort((a, b) => {
    if (first !== undefined && (a.id === first) !== (b.id === first)) return a.id === first ? -1 : 1
    const byDue = time(a.dueAt) - time(b.dueAt)
    if (byDue !== 0) return byDue
    const byNumber = (a.number ?? '').localeCompare(b.number ?? '')
    return byNumber !== 0 ? byNumber : a.id - b.id
  })
}

function requireAmount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number of minor units ≥ 0, got ${value}`)
}

/**
 * Spends the sources (in the order given) on the invoices (in the order given): each invoice is
 * covered as far as the money goes before the next one gets anything.
 */
export function allocateCredit(
  sources: readonly CreditSource[],
  invoices: readonly OpenInvoice[],
): Allocation[] {
  const left = sources.map((source) => {
    requireAmount(`credit of payment ${source.id}`, source.available)
    return { id: source.id, available: source.available }
  })
  const allocations: Allocation[] = []
  let s = 0
  for (const invoice of invoices) {
    requireAmount(`amount due on invoice ${invoice.id}`, invoice.amountDue)
    let due = invoice.amountDue
    while (due > 0 && s < left.length) {
      const source = left[s]!
      const amount = Math.min(due, source.available)
      if (amount > 0) {
        allocations.push({ sourceId: source.id, invoiceId: invoice.id, amount })
        source.available -= amount
        due -= amount
      }
      if (source.available === 0) s++
    }
    if (s >= left.length) break
  }
  return allocations
}

/** One payment across the invoices: the allocations and what stays as credit. */
export function allocatePayment(
  amount: number,
  invoices: readonly OpenInvoice[],
): { allocations: { invoiceId: number; amount: number }[]; remainder: number } {
  requireAmount('payment amount', amount)
  const allocations = allocateCredit([{ id: 0, available: amount }], invoices).map(
    ({ invoiceId, amount }) => ({ invoiceId, amount }),
  )
  return {
    allocations,
    remainder: amount - allocations.reduce((sum, allocation) => sum + allocation.amount, 0),
  }
}

/**
 * Takes `amount` back from existing allocations, newest first (a credit note on a paid invoice
 * frees what was paid on it; a refund spends credit). Answers how much comes off each.
 */
export function release<T extends { amount: number }>(
  allocations: readonly T[],
  amount: number,
): { allocation: T; amount: number }[] {
  requireAmount('amount to release', amount)
  const released: { allocation: T; amount: number }[] = []
  let left = amount
  for (let index = allocations.length - 1; index >= 0 && left > 0; index--) {
    const allocation = allocations[index]!
    const taken = Math.min(left, allocation.amount)
    if (taken > 0) released.push({ allocation, amount: taken })
    left -= taken
  }
  if (left > 0) throw new RangeError(`only ${amount - left} of ${amount} can be released`)
  return released
}
