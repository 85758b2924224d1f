/** Numbers and calendar days for people, in their language (money: billing/money.ts formatMoney). */
import { INTL, type Locale } from './locales'

const numberFormats = new Map<string, Intl.NumberFormat>()
const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * A decimal as stored (a string like "53.50", or a number) with `digits` decimals, in the
 * language's digits and separators (53,50 in Russian). Intl takes the decimal string as it is.
 */
export function formatDecimal(value: number | string, locale: Locale, digits = 2): string {
  const key = `${locale} ${digits}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(INTL[locale].numbers, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    numberFormats.set(key, format)
  }
  return format.format(value as number)
}

/**
 * A calendar day in the time zone, written the language's way (2026-11-01, 01.11.2026); '—' for
 * none. A zone Intl does not know (a row older than the zone check) falls back to UTC rather than
 * failing the document.
 */
export function formatDay(value: string | Date | null, locale: Locale, timeZone: string): string {
  if (!value) return '—'
  const key = `${locale} ${timeZone}`
  let format = dayFormats.get(key)
  if (!format) {
    const inZone = (zone: string) =>
      new Intl.DateTimeFormat(INTL[locale].dates, {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
    try {
      format = inZone(timeZone)
    } catch {
      format = inZone('UTC')
    }
    dayFormats.set(key, format)
  }
  return format.format(new Date(value))
}
