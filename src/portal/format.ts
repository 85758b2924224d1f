import { moneyText } from '../billing/format'
import { amountDueOf } from '../billing/overdue'
import { DEFAULT_LOCALE, formatDecimal, INTL, messages, type Locale } from '../i18n'

const periodFormats = new Map<Locale, Intl.DateTimeFormat>()

/** '2026-10' -> 'October 2026' ('октябрь 2026 г.', 'outubro de 2026'). */
export function formatPeriod(
  key: string | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
): string {
  const match = key ? /^(\d{4})-(\d{2})$/.exec(key) : null
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return key ?? '—'
  let format = periodFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(INTL[locale].longDates, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    periodFormats.set(locale, format)
  }
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)))
}

// an Intl.DateTimeFormat costs far more to build than to use (a list of 25 invoices built 50 per
// page): one per language, style and time zone, an unknown zone falling back to UTC as before
const dateFormats = new Map<string, Intl.DateTimeFormat>()
const DATE_STYLES = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} as const

function dateFormat(
  style: keyof typeof DATE_STYLES,
  timeZone: string,
  locale: Locale,
): Intl.DateTimeFormat {
  const key = `${locale} ${style} ${timeZone}`
  let format = dateFormats.get(key)
  if (!format) {
    const intl = INTL[locale].longDates
    try {
      format = new Intl.DateTimeFormat(intl, { ...DATE_STYLES[style], timeZone })
    } catch {
      format = new Intl.DateTimeFormat(intl, { ...DATE_STYLES[style], timeZone: 'UTC' })
    }
    dateFormats.set(key, format)
  }
  return format
}

/** A day for people in the language ('1 Nov 2026', '1 нояб. 2026 г.'); '—' when missing. */
export function formatDate(
  value: string | null | undefined,
  timeZone = 'UTC',
  locale: Locale = DEFAULT_LOCALE,
): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return dateFormat('date', timeZone, locale).format(date)
}

export function formatDateTime(
  value: string | Date | null | undefined,
  timeZone = 'UTC',
  locale: Locale = DEFAULT_LOCALE,
): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return dateFormat('dateTime', timeZone, locale).format(date)
}

/** An amount for people in the language ('$1,234.56', '1 234,56 ₽', 'R$ 1.234,56'); "—" when missing. */
export function money(
  amount: number | null | undefined,
  currency: string | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
): string {
  return typeof amount === 'number' && currency
    ? moneyText(amount, currency, INTL[locale].numbers)
    : '—'
}

/** A figure with two decimals (camera-days, average cameras) in the language; "—" when missing. */
export function twoDecimals(
  value: number | null | undefined,
  locale: Locale = DEFAULT_LOCALE,
): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  return formatDecimal(value, locale)
}

/** An invoice status in the language ('Черновик'); an unknown one as stored. */
export function statusLabel(status: string, locale: Locale = DEFAULT_LOCALE): string {
  const labels: Record<string, string> = messages(locale).portal.statuses
  return labels[status] ?? status
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
