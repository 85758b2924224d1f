import { describe, expect, it } from 'vitest'
import {
  amountDueOf,
  amountOverdue,
  isOverdue,
  isPastDue,
  overdueSummary,
} from '../../../src/billing/overdue'

const NOW = new Date('2026-11-20T12:00:00Z')
const issued = {
  status: 'issued',
  dueAt: '2026-11-15T00:00:00.000Z',
  total: 10_000,
  amountDue: 10_000,
}

describe('isOverdue', () => {
  it('an issued invoice past its due date with something due', () => {
    expect(isOverdue(issued, NOW)).toBe(true)
    expect(isOverdue({ ...issued, dueAt: new Date('2026-11-15T00:00:00Z') }, NOW)).toBe(true)
    expect(isOverdue(issued, NOW.getTime())).toBe(true)
  })

  it('not before or at the due instant', () => {
    expect(isOverdue({ ...issued, dueAt: '2026-11-21T00:00:00Z' }, NOW)).toBe(false)
    expect(isOverdue({ ...issued, dueAt: NOW }, NOW)).toBe(false)
    expect(isOverdue({ ...issued, dueAt: NOW }, NOW.getTime() + 1)).toBe(true)
  })

  it('only issued invoices: drafts, paid and void ones never are', () => {
    for (const status of ['draft', 'paid', 'void', null, undefined])
      expect(isOverdue({ ...issued, status }, NOW)).toBe(false)
  })

  it('not when nothing is due any more (paid or credited in full), whatever the total', () => {
    expect(isOverdue({ ...issued, amountDue: 0 }, NOW)).toBe(false)
    expect(isOverdue({ ...issued, amountDue: 1 }, NOW)).toBe(true)
  })

  it('without a due date, or with an unreadable one, never', () => {
    expect(isOverdue({ ...issued, dueAt: null }, NOW)).toBe(false)
    expect(isOverdue({ ...issued, dueAt: '' }, NOW)).toBe(false)
    expect(isOverdue({ ...issued, dueAt: 'soon' }, NOW)).toBe(false)
  })

  it('takes the total when there is no amount due, and an issued invoice with no amounts given as owed', () => {
    expect(isOverdue({ ...issued, amountDue: null, total: 500 }, NOW)).toBe(true)
    expect(isOverdue({ ...issued, amountDue: null, total: 0 }, NOW)).toBe(false)
    expect(isOverdue({ status: 'issued', dueAt: '2026-11-15T00:00:00Z' }, NOW)).toBe(true)
  })

  it('past due is the date part alone', () => {
    expect(isPastDue({ ...issued, amountDue: 0 }, NOW)).toBe(true)
    expect(isPastDue({ ...issued, status: 'paid' }, NOW)).toBe(false)
  })
})

describe('amounts', () => {
  it('the amount overdue is the amount due, not the total', () => {
    // 10 000 invoiced, 6 000 paid: 4 000 overdue
    expect(amountOverdue({ ...issued, amountDue: 4_000 }, NOW)).toBe(4_000)
    expect(amountOverdue({ ...issued, dueAt: '2026-12-01T00:00:00Z' }, NOW)).toBe(0)
    expect(amountOverdue({ status: 'issued', dueAt: '2026-11-15T00:00:00Z' }, NOW)).toBe(0)
  })

  it('amountDueOf falls back to the total, then to nothing', () => {
    expect(amountDueOf({ amountDue: 3, total: 9 })).toBe(3)
    expect(amountDueOf({ amountDue: null, total: 9 })).toBe(9)
    expect(amountDueOf({})).toBeUndefined()
  })

  it('sums the amounts due of the overdue invoices per currency', () => {
    const summary = overdueSummary(
      [
        { ...issued, currency: 'EUR', amountDue: 4_000 }, // partly paid: 4 000 of 10 000
        { ...issued, currency: 'EUR', amountDue: 2_500, total: 2_500 },
        { ...issued, currency: 'CHF', amountDue: 999, total: 999 },
        { ...issued, currency: 'EUR', amountDue: 0 }, // settled
        { ...issued, currency: 'EUR', dueAt: '2026-12-01T00:00:00Z' }, // not yet due
        { ...issued, currency: 'EUR', status: 'draft' },
      ],
      NOW,
    )
    expect(summary).toEqual({
      count: 3,
      totals: [
        { currency: 'CHF', amount: 999 },
        { currency: 'EUR', amount: 6_500 },
      ],
    })
    expect(overdueSummary([], NOW)).toEqual({ count: 0, totals: [] })
  })
})
