import { describe, expect, it } from 'vitest'
import { amountLeft, money } from '../../src/portal'

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
