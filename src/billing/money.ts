import { currencyExponent } from './currency'

/** Amounts are integer minor units (cents for USD, yen for JPY, fils for KWD). */
export type MinorUnits = number

export function isMinorUnits(value: unknown): value is MinorUnits {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

/** The decimal string of an amount, e.g. 12345 USD -> "123.45"; exact, no floating point. */
export function toDecimalString(amount: MinorUnits, currency: string): string {
  const exponent = currencyExponent(currency)
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0')
  const sign = amount < 0 ? '-' : ''
  if (exponent === 0) return `${sign}${digits}`
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}

/** One formatter per locale and currency: making an Intl.NumberFormat costs far more than using one. */
const moneyFormats = new Map<string, Intl.NumberFormat>()

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale} ${currency}`
  let format = moneyFormats.get(key)
  if (!format) {
    const exponent = currencyExponent(currency)
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    })
    moneyFormats.set(key, format)
  }
  return format
}

/** Formats for people with ICU (Intl takes the decimal string, so nothing is rounded). */
export function formatMoney(amount: MinorUnits, currency: string, locale = 'en-US'): string {
  return moneyFormat(currency, locale).format(
    toDecimalString(amount, currency) as unknown as number,
  )
}
