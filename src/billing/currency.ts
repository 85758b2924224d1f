import currencyCodes from 'currency-codes'

/** ISO 4217 data (the `currency-codes` package): code and minor-unit exponent. */
export interface Currency {
  code: string
  name: string
  /** Digits after the decimal point: USD 2, JPY 0, KWD 3. */
  exponent: number
}

// Funds, precious metals and testing codes have no minor unit and are not money one invoices in.
const billable: Currency[] = currencyCodes.data
  .filter((entry) => Number.isInteger(entry.digits) && !entry.code.startsWith('X'))
  .map((entry) => ({ code: entry.code, name: entry.currency, exponent: entry.digits }))
  .sort((a, b) => a.code.localeCompare(b.code))

const byCode = new Map(billable.map((currency) => [currency.code, currency]))

export const currencies: readonly Currency[] = billable

export function findCurrency(code: unknown): Currency | undefined {
  return typeof code === 'string' ? byCode.get(code) : undefined
}

export function currencyExponent(code: string): number {
  const currency = byCode.get(code)
  if (!currency) throw new Error(`Unknown currency ${code}`)
  return currency.exponent
}
