import { isOverdue as isOverdueInvoice } from '../../billing/overdue'

export { moneyText } from '../../billing/format'

export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'void'

export function toInvoiceStatus(value: unknown): InvoiceStatus | null {
  return value === 'draft' || value === 'issued' || value === 'paid' || value === 'void'
    ? value
    : null
}

/**
 * Overdue by billing/overdue.ts: issued, past its due date, something still due. Without the
 * amount due (a list cell given only status and due date) an issued invoice counts as owed.
 */
export function isOverdue(
  status: InvoiceStatus | null,
  dueAt: unknown,
  now = Date.now(),
  amountDue?: number | null,
): boolean {
  return isOverdueInvoice(
    { status, dueAt: typeof dueAt === 'string' ? dueAt : null, amountDue },
    now,
  )
}

const pad = (value: number) => String(value).padStart(2, '0')

/** The month before the given date's, written YYYY-MM (the month one usually bills). */
export function previousMonth(today = new Date()): string {
  const month = new Date(today.getFullYear(), today.getMonth() - 1, 1)
  return `${month.getFullYear()}-${pad(month.getMonth() + 1)}`
}

/** A date input's value for the given local day, YYYY-MM-DD. */
export function localDay(date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/
