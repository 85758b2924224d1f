import type { ArrayFieldValidation } from 'payload'

/** Effective dates are distinct: two prices from the same moment would make the price ambiguous. */
export const validatePrices: ArrayFieldValidation = (value) => {
  const rows = Array.isArray(value) ? (value as { from?: unknown }[]) : []
  if (rows.length === 0) return 'A subscription needs at least one monthly price per camera.'
  const seen = new Set<number>()
  for (const row of rows) {
    const time = new Date(String(row?.from)).getTime()
    if (Number.isNaN(time)) continue // the row's own date validation names it
    if (seen.has(time)) return 'Two prices start on the same date: keep one price per date.'
    seen.add(time)
  }
  return true
}
