import { describe, expect, it } from 'vitest'
import { formatInvoiceNumber, parseInvoiceNumber } from '../../../src/billing/invoiceNumber'

describe('invoice numbers', () => {
  it('formats the year and a six-digit sequence, more digits when needed', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('INV-2026-000001')
    expect(formatInvoiceNumber(2026, 42)).toBe('INV-2026-000042')
    expect(formatInvoiceNumber(2027, 999_999)).toBe('INV-2027-999999')
    expect(formatInvoiceNumber(2027, 1_000_000)).toBe('INV-2027-1000000')
    expect(formatInvoiceNumber(2026, 1, 'CN')).toBe('CN-2026-000001')
  })

  it('refuses a sequence below 1, a fraction or a year without four digits', () => {
    expect(() => formatInvoiceNumber(2026, 0)).toThrow(/positive integer/)
    expect(() => formatInvoiceNumber(2026, 1.5)).toThrow(/positive integer/)
    expect(() => formatInvoiceNumber(26, 1)).toThrow(/four digits/)
    expect(() => formatInvoiceNumber(2026, 1, 'inv')).toThrow(/prefix/)
  })

  it('parses what it formats', () => {
    expect(parseInvoiceNumber('INV-2026-000001')).toEqual({ year: 2026, sequence: 1 })
    expect(parseInvoiceNumber('INV-2027-1000000')).toEqual({ year: 2027, sequence: 1_000_000 })
    expect(parseInvoiceNumber('CN-2026-000007', 'CN')).toEqual({ year: 2026, sequence: 7 })
    for (const sequence of [1, 999_999, 1_000_000, 123_456_789]) {
      expect(parseInvoiceNumber(formatInvoiceNumber(2026, sequence))).toEqual({
        year: 2026,
        sequence,
      })
    }
  })

  it('returns null for anything else', () => {
    for (const text of [
      'INV-2026-42', // too few digits
      'INV-2026-0000042', // not the canonical spelling of 42
      'INV-2026-000000', // no invoice 0
      'CN-2026-000001', // another prefix
      'inv-2026-000001',
      ' INV-2026-000001',
      'INV-26-000001',
      '',
    ]) {
      expect(parseInvoiceNumber(text), text).toBeNull()
    }
  })
})
