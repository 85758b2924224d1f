import { describe, expect, it } from 'vitest'
import { amountLeft, formatDate, formatDateTime, money, twoDecimals } from '../../src/portal'

describe('portal: what is left to pay', () => {
  it('is the amount due of an issued invoice, partial payments included', () => {
    expect(amountLeft({ status: 'issued', total: 9639, amountDue: 4639 })).toBe(4639)
    expect(money(amountLeft({ status: 'issued', total: 9639, amountDue: 4639 }), 'USD')).toBe(
      '$46.39',
    )
  })

  it('falls back to the total of an issued invoice without the paid amounts', () => {
    expect(amountLeft({ status: 'issued', total: 9639, amountDue: null })).toBe(9639)
  })

  it('is nothing for drafts, paid and void invoices', () => {
    for (const status of ['draft', 'paid', 'void'])
      expect(amountLeft({ status, total: 9639, amountDue: 0 })).toBeUndefined()
  })
})

describe('portal: dates', () => {
  it('in the time zone given, the same formatter reused; an unknown zone falls back to UTC', () => {
    const at = '2026-10-31T23:30:00Z'
    expect(formatDate(at, 'UTC')).toBe('31 Oct 2026')
    expect(formatDate(at, 'Europe/Berlin')).toBe('1 Nov 2026')
    expect(formatDate(at, 'Europe/Berlin')).toBe('1 Nov 2026')
    expect(formatDate(at, 'Not/A_Zone')).toBe('31 Oct 2026')
    expect(formatDateTime(at, 'Europe/Berlin')).toBe('1 Nov 2026, 00:30')
    expect(formatDateTime(at, 'Not/A_Zone')).toBe('31 Oct 2026, 23:30')
    expect(formatDate(null)).toBe('—')
    expect(formatDate('not a date')).toBe('—')
  })
})

describe('portal: two decimals', () => {
  it('rounds to two places with grouping, and says nothing for a missing number', () => {
    expect(twoDecimals(1234.5)).toBe('1,234.50')
    expect(twoDecimals(0.005)).toBe('0.01')
    expect(twoDecimals(-2)).toBe('-2.00')
    expect(twoDecimals(Number.NaN)).toBe('—')
    expect(twoDecimals(null)).toBe('—')
  })
})
