import { findCurrency } from './currency'
import { formatMoney, isMinorUnits } from './money'

/**
 * The one way amounts and tax rates are written for people (admin, portal, PDFs, e-mails,
 * dashboard). Exact: amounts go to Intl as decimal strings, rates are worked out in integers.
 */

/** The locale amounts are written in until subscribers get their own (issue 16). */
export const DEFAULT_LOCALE = 'en-US'

/**
 * An amount in minor units for people, e.g. 5642 EUR -> "€56.42". Tolerates what forms and old
 * rows hold: a numeric string is read, a missing amount is "—", an unreadable amount or an unknown
 * currency is written raw with "(minor units)" so nobody mistakes it for a decimal amount.
 */
export function moneyText(amount: unknown, currency: unknown, locale = DEFAULT_LOCALE): string {
  if (amount === null || amount === undefined || amount === '') return '—'
  const numeric = typeof amount === 'string' && /^-?\d+$/.test(amount) ? Number(amount) : amount
  if (!isMinorUnits(numeric)) return String(amount)
  if (typeof currency !== 'string' || !currency) return `${numeric} (minor units)`
  if (!findCurrency(currency)) return `${numeric} ${currency} (minor units)`
  return formatMoney(numeric, currency, locale)
}

/** An amount for people, or undefined when the amount or the currency is missing or malformed (templates leave it out). */
export function moneyTextOrNothing(
  amount: unknown,
  currency: unknown,
  locale = DEFAULT_LOCALE,
): string | undefined {
  const numeric = typeof amount === 'string' && /^-?\d+$/.test(amount) ? Number(amount) : amount
  if (!isMinorUnits(numeric) || typeof currency !== 'string' || !findCurrency(currency))
    return undefined
  return formatMoney(numeric, currency, locale)
}

/** A compact amount for chart axes, e.g. "$1.2K"; the exact amount is in the tooltip. */
export function compactMoneyText(
  amount: number,
  currency: string,
  locale = DEFAULT_LOCALE,
): string {
  const found = findCurrency(currency)
  if (!found) return String(amount)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(amount / 10 ** found.exponent)
}

const percentFormats = new Map<string, Intl.NumberFormat>()

/**
 * A tax rate in basis points as a percentage: 2000 -> "20%", 725 -> "7.25%", 5 -> "0.05%"; null
 * when not a whole number. With an Intl locale, written that language's way ("7,25 %" in
 * ru-RU); Intl takes the exact decimal string.
 */
export function taxRateText(basisPoints: unknown, locale?: string): string | null {
  if (typeof basisPoints !== 'number' || !Number.isSafeInteger(basisPoints)) return null
  const sign = basisPoints < 0 ? '-' : ''
  const whole = Math.floor(Math.abs(basisPoints) / 100)
  const fraction = String(Math.abs(basisPoints) % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  if (locale === undefined) return `${sign}${whole}${fraction ? `.${fraction}` : ''}%`
  let format = percentFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })
    percentFormats.set(locale, format)
  }
  // the rate as an exact decimal string: 725 bp -> "0.0725"
  const ratio = `${sign}${Math.floor(Math.abs(basisPoints) / 10_000)}.${String(Math.abs(basisPoints) % 10_000).padStart(4, '0')}`
  return format.format(ratio as unknown as number)
}
