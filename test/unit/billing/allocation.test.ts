import { describe, expect, it } from 'vitest'
import {
  allocateCredit,
  allocatePayment,
  oldestFirst,
  release,
} from '../../../src/billing/allocation'

const invoice = (
  id: number,
  dueAt: string | null,
  amountDue: number,
  number = `INV-2026-${String(id).padStart(6, '0')}`,
) => ({ id, number, dueAt, amountDue })

describe('oldestFirst', () => {
  it('orders by due date, then number, with invoices without a due date last', () => {
    const sorted = oldestFirst([
      invoice(1, '2026-03-15T00:00:00Z', 100, 'INV-2026-000009'),
      invoice(2, null, 100),
      invoice(3, '2026-02-15T00:00:00Z', 100),
      invoice(4, '2026-03-15T00:00:00Z', 100, 'INV-2026-000004'),
    ])
    expect(sorted.map((entry) => entry.id)).toEqual([3, 4, 1, 2])
  })

  it('puts the invoice being paid on purpose first', () => {
    const sorted = oldestFirst(
      [invoice(1, '2026-01-01T00:00:00Z', 1), invoice(2, '2026-05-01T00:00:00Z', 1)],
      2,
    )
    expect(sorted.map((entry) => entry.id)).toEqual([2, 1])
  })
})

describe('allocatePayment', () => {
  const three = [
    invoice(10, '2026-01-15T00:00:00Z', 10_000),
    invoice(11, '2026-02-15T00:00:00Z', 12_000),
    invoice(12, '2026-03-15T00:00:00Z', 9_000),
  ]

  it('covers three invoices oldest first and leaves the rest as credit', () => {
    expect(allocatePayment(35_000, three)).toEqual({
      allocations: [
        { invoiceId: 10, amount: 10_000 },
        { invoiceId: 11, amount: 12_000 },
        { invoiceId: 12, amount: 9_000 },
      ],
      remainder: 4_000,
    })
  })

  it('stops part-way through an invoice (a partial payment)', () => {
    expect(allocatePayment(15_000, three)).toEqual({
      allocations: [
        { invoiceId: 10, amount: 10_000 },
        { invoiceId: 11, amount: 5_000 },
      ],
      remainder: 0,
    })
  })

  it('with nothing due, everything is credit; fractions and negative amounts are refused', () => {
    expect(allocatePayment(500, [])).toEqual({ allocations: [], remainder: 500 })
    expect(() => allocatePayment(10.5, three)).toThrow(RangeError)
    expect(() => allocatePayment(-1, three)).toThrow(RangeError)
  })
})

describe('allocateCredit', () => {
  it('spends the oldest payment first and splits an invoice across payments', () => {
    const allocations = allocateCredit(
      [
        { id: 1, available: 300 },
        { id: 2, available: 1_000 },
      ],
      [invoice(20, '2026-01-01T00:00:00Z', 800), invoice(21, '2026-02-01T00:00:00Z', 800)],
    )
    expect(allocations).toEqual([
      { sourceId: 1, invoiceId: 20, amount: 300 },
      { sourceId: 2, invoiceId: 20, amount: 500 },
      { sourceId: 2, invoiceId: 21, amount: 500 },
    ])
  })

  it('skips empty sources and invoices with nothing due', () => {
    expect(
      allocateCredit(
        [
          { id: 1, available: 0 },
          { id: 2, available: 50 },
        ],
        [invoice(1, null, 0), invoice(2, null, 70)],
      ),
    ).toEqual([{ sourceId: 2, invoiceId: 2, amount: 50 }])
  })
})

describe('release', () => {
  it('takes back from the newest allocations first', () => {
    const rows = [
      { id: 'a', amount: 400 },
      { id: 'b', amount: 300 },
    ]
    expect(release(rows, 500)).toEqual([
      { allocation: rows[1], amount: 300 },
      { allocation: rows[0], amount: 200 },
    ])
    expect(() => release(rows, 701)).toThrow(/only 700 of 701/)
  })
})
