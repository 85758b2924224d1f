import type { ArrayFieldValidation } from 'payload'
import { requestMessages } from '../../i18n'

/** Effective dates are distinct: two prices from the same moment would make the price ambiguous. */
export const validatePrices: ArrayFieldValidation = (value, { req }) => {
  const text = requestMessages(req).validation
  const rows = Array.isArray(value) ? (value as { from?: unknown }[]) : []
  if (rows.length === 0) return text.pricesRequired
  const seen = new Set<number>()
  for (const row of rows) {
    const time = new Date(String(row?.from)).getTime()
    if (Number.isNaN(time)) continue // the row's own date validation names it
    if (seen.has(time)) return text.pricesSameDate
    seen.add(time)
  }
  return true
}
