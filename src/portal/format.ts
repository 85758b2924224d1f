import { moneyText } from '../billing/format'
import { amountDueOf } from '../billing/overdue'
import { DEFAULT_LOCALE, formatDecimal } from '../i18n'

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** '2026-10' -> 'October 2026'. */
export function formatPeriod(key: string | null | undefined): string {
  const match = key ? /^(\d{4})-(\d{2})$/.exec(key) : null
  if (!match) return key ?? '—'
  return `${MONTHS[Number(match[2]) - 1] ?? match[2]} ${match[1]}`
}

// an Intl.DateTimeFormat costs far more to build than to use (a list of 25 invoices built 50 per
// page): one per style and time zone, an unknown zone falling back to UTC as before
const dateFormats = new Map<string, Intl.DateTimeFormat>()
const DATE_STYLES = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} as const

function dateFormat(style: keyof typeof DATE_STYLES, timeZone: string): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`
  let format = dateFormats.get(key)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...DATE_STYLES[style], timeZone })
    } catch {
      format = new Intl.DateTimeFormat('en-GB', { ...DATE_STYLES[style], timeZone: 'UTC' })
    }
    dateFormats.set(key, format)
  }
  return format
}

export function formatDate(value: string | null | undefined, timeZone = 'UTC'): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return dateFormat('date', timeZone).format(date)
}

export function formatDateTime(value: string | Date | null | undefined, timeZone = 'UTC'): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return dateFormat('dateTime', timeZone).format(date)
}

/** An amount for people; "—" when missing. */
export function money(
  amount: number | null | undefined,
  currency: string | null | undefined,
): string {
  return typeof amount === 'number' && currency ? moneyText(amount, currency) : '—'
}

/** A figure with two decimals (camera-days, average cameras); "—" when missing. */
export function twoDecimals(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  return formatDecimal(value, DEFAULT_LOCALE)
}

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  issued: 'Issued',
  paid: 'Paid',
  void: 'Void',
}

/** What is left to pay on an invoice: the amount due of an issued one; nothing for drafts, paid and void ones. */
export function amountLeft(invoice: {
  status?: string | null
  amountDue?: number | null
  total?: number | null
}): number | undefined {
  if (invoice.status !== 'issued') return undefined
  return amountDueOf(invoice)
}
