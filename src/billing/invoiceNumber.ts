/** Invoice numbers: a gapless sequence per year of issue, INV-2026-000001 (credit notes: CN-...). */

export interface InvoiceNumber {
  year: number
  sequence: number
}

const prefixPattern = /^[A-Z]+$/

function assertPrefix(prefix: string): void {
  if (!prefixPattern.test(prefix)) throw new RangeError(`Invalid number prefix "${prefix}"`)
}

/** 'INV-2026-000001': six digits, more once a year passes 999999 invoices. */
export function formatInvoiceNumber(year: number, sequence: number, prefix = 'INV'): string {
  assertPrefix(prefix)
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Invoice number year must have four digits, got ${year}`)
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`Invoice number sequence must be a positive integer, got ${sequence}`)
  }
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`
}

/** The year and sequence of a number in canonical form, or null when it is not one. */
export function parseInvoiceNumber(s: string, prefix = 'INV'): InvoiceNumber | null {
  assertPrefix(prefix)
  if (typeof s !== 'string') return null
  const match = new RegExp(`^${prefix}-([1-9]\\d{3})-(\\d{6,})$`).exec(s)
  if (!match) return null
  const year = Number(match[1])
  const sequence = Number(match[2])
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null
  // one number, one spelling: INV-2026-0000001 is not INV-2026-000001
  if (formatInvoiceNumber(year, sequence, prefix) !== s) return null
  return { year, sequence }
}
