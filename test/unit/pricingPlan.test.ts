/**
 * The price plan (src/pricing/plan.ts), pure: which subscriptions a change gives new entries, and
 * how a replayed month sees them. Prices in cents.
 */
import { describe, expect, it } from 'vitest'
import {
  planPriceChange,
  PricePlanError,
  simulatedDay,
  simulatedTerms,
  type Catalogue,
} from '../../src/pricing/plan'
import { percentOf } from '../../src/pricing/simulate'
import type { PriceChange } from '../../src/pricing/change'

const catalogue = (): Catalogue => ({
  services: new Map([
    [1, { id: 1, title: 'Archive 7', price: 300, currency: 'USD' }],
    [2, { id: 2, title: 'Archive 14', price: 500, currency: 'USD' }],
    [3, { id: 3, title: 'Faces', price: 400, currency: 'USD' }],
    [4, { id: 4, title: 'Archive 7 EUR', price: 300, currency: 'EUR' }],
  ]),
  servicesOf: new Map([
    [10, [1]],
    [11, [2, 3]],
    [12, [1]],
  ]),
  subscriptions: new Map([
    // Basic 7: priced at its service (300)
    [
      10,
      { id: 10, title: 'Basic 7', currency: 'USD', prices: [{ from: '1970-01-01', amount: 300 }] },
    ],
    // Business 14 + faces: 900 = 500 + 400, with a rise to 950 from 2026-12-01 already listed
    [
      11,
      {
        id: 11,
        title: 'Business 14 + faces',
        currency: 'USD',
        prices: [
          { from: '1970-01-01', amount: 900 },
          { from: '2026-12-01', amount: 950 },
        ],
      },
    ],
    // priced on its own: 250, not the 300 of its service
    [
      12,
      { id: 12, title: 'Promo 7', currency: 'USD', prices: [{ from: '1970-01-01', amount: 250 }] },
    ],
  ]),
})
const none: PriceChange = { subscriptionPrices: [], servicePrices: [], serviceSets: [] }

describe('planPriceChange', () => {
  it('gives a named subscription the entry as given', () => {
    const plan = planPriceChange(
      { ...none, subscriptionPrices: [{ subscription: 10, amount: 400, from: '2026-11-01' }] },
      catalogue(),
    )
    expect([...plan.subscriptions.values()]).toEqual([
      {
        subscriptionId: 10,
        title: 'Basic 7',
        currency: 'USD',
        entries: [{ from: '2026-11-01', amount: 400, source: 'subscription' }],
      },
    ])
  })

  it('a service price moves the subscriptions priced at the sum of their services, not one priced on its own', () => {
    const plan = planPriceChange(
      { ...none, servicePrices: [{ service: 1, amount: 350, from: '2026-11-01' }] },
      catalogue(),
    )
    expect(plan.subscriptions.get(10)!.entries).toEqual([
      { from: '2026-11-01', amount: 350, source: 'services' },
    ])
    // Promo 7 costs 250 while its service costs 300: it keeps its price
    expect(plan.subscriptions.get(12)!.entries).toEqual([])
    expect(plan.subscriptions.has(11)).toBe(false)
    expect(plan.services.get(1)).toEqual({ amount: 350, from: '2026-11-01' })
  })

  it('faces as a separate service: a new service set without faces costs the archive alone', () => {
    const plan = planPriceChange(
      { ...none, serviceSets: [{ subscription: 11, services: [2], from: '2026-11-01' }] },
      catalogue(),
    )
    expect(plan.subscriptions.get(11)).toMatchObject({
      entries: [{ from: '2026-11-01', amount: 500, source: 'services' }],
      services: { ids: [2], from: '2026-11-01' },
    })
  })

  it('a named subscription price wins over the derived one of the same day', () => {
    const plan = planPriceChange(
      {
        ...none,
        servicePrices: [{ service: 1, amount: 350, from: '2026-11-01' }],
        subscriptionPrices: [{ subscription: 10, amount: 399, from: '2026-11-01' }],
      },
      catalogue(),
    )
    expect(plan.subscriptions.get(10)!.entries).toEqual([
      { from: '2026-11-01', amount: 399, source: 'subscription' },
    ])
  })

  it('names the field of an unknown id or a service in another currency', () => {
    const refusal = (change: Partial<PriceChange>) => {
      try {
        planPriceChange({ ...none, ...change }, catalogue())
      } catch (error) {
        return error instanceof PricePlanError ? error.field : 'other'
      }
      return 'accepted'
    }
    expect(
      refusal({ subscriptionPrices: [{ subscription: 99, amount: 1, from: '2026-11-01' }] }),
    ).toBe('subscriptionPrices.0.subscription')
    expect(refusal({ servicePrices: [{ service: 99, amount: 1, from: '2026-11-01' }] })).toBe(
      'servicePrices.0.service',
    )
    expect(
      refusal({ serviceSets: [{ subscription: 11, services: [2, 4], from: '2026-11-01' }] }),
    ).toBe('serviceSets.0.services.1')
  })
})

describe('the replayed month', () => {
  it('keeps a day within or before the month and tries a later one from its first day', () => {
    expect(simulatedDay('2026-10-15', '2026-10')).toBe('2026-10-15')
    expect(simulatedDay('2026-10-31', '2026-10')).toBe('2026-10-31')
    expect(simulatedDay('2026-09-01', '2026-10')).toBe('2026-09-01')
    expect(simulatedDay('2026-11-01', '2026-10')).toBe('2026-10-01')
  })

  it('swaps only the planned subscriptions, an entry on a listed day replacing it', () => {
    const base = catalogue()
    const plan = planPriceChange(
      { ...none, subscriptionPrices: [{ subscription: 11, amount: 990, from: '2026-12-01' }] },
      base,
    )
    const terms = simulatedTerms(base, plan, '2026-10')
    expect(terms.get(10)).toBe(base.subscriptions.get(10))
    expect(terms.get(11)!.prices).toEqual([
      { from: '1970-01-01', amount: 900 },
      { from: '2026-12-01', amount: 950 },
      { from: '2026-10-01', amount: 990 },
    ])
    // published, the entry replaces the one of 1 December
    const published = simulatedTerms(base, plan, '2026-12')
    expect(published.get(11)!.prices).toEqual([
      { from: '1970-01-01', amount: 900 },
      { from: '2026-12-01', amount: 990 },
    ])
  })
})

describe('percentOf', () => {
  it('is two decimals, rounded half up, null on a zero base', () => {
    expect(percentOf(100, 300)).toBe('33.33')
    expect(percentOf(200, 300)).toBe('66.67')
    expect(percentOf(-100, 300)).toBe('-33.33')
    expect(percentOf(1, 8)).toBe('12.50')
    expect(percentOf(0, 500)).toBe('0.00')
    expect(percentOf(5, 0)).toBe(null)
  })
})
