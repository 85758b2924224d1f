/**
 * Invoice line descriptions in the payer's language (issue 16): the days of each line written
 * the language's way, subscription and subsidiary titles exactly as stored. Explicit dates.
 */
import { describe, expect, it } from 'vitest'
import {
  assembleInvoice,
  type OrganizationTerms,
  type SubscriptionTerms,
} from '../../../src/billing/invoiceAssembly'

const payer = (terms: Partial<OrganizationTerms> = {}): OrganizationTerms => ({
  id: 1,
  title: 'Охрана «Север»',
  payer: 'self',
  parentId: null,
  trialEndsAt: null,
  timeZone: 'UTC',
  taxRateBp: 0,
  currency: 'USD',
  ...terms,
})
const subsidiary: OrganizationTerms = {
  ...payer(),
  id: 2,
  title: 'Склад №2',
  payer: 'parent',
  parentId: 1,
}
const basic: SubscriptionTerms = {
  id: 10,
  title: 'Basic 7',
  currency: 'USD',
  prices: [
    { from: '2020-01-01', amount: 1500 },
    { from: '2026-10-15', amount: 2000 },
  ],
}

/** October 2026: the payer's camera all month, a subsidiary's on the 20th; the price changes on the 15th. */
const descriptions = (terms: Partial<OrganizationTerms>) =>
  assembleInvoice({
    periodKey: '2026-10',
    payer: payer(terms),
    members: [subsidiary],
    subscriptions: new Map([[10, basic]]),
    intervals: [
      {
        organizationId: 1,
        subscriptionId: 10,
        cameraKey: 'a',
        from: new Date('2026-10-01T00:00:00Z'),
        to: null,
      },
      {
        organizationId: 2,
        subscriptionId: 10,
        cameraKey: 'b',
        from: new Date('2026-10-20T08:00:00Z'),
        to: new Date('2026-10-20T18:00:00Z'),
      },
    ],
  }).lines.map((line) => line.description)

describe('invoice line descriptions in the payer’s language', () => {
  it('Russian: days and month the Russian way, titles as stored', () => {
    expect(descriptions({ locale: 'ru' })).toEqual([
      'Basic 7, 1–14 октября 2026 г.',
      'Basic 7, 15–31 октября 2026 г.',
      'Basic 7 — Склад №2, 15–31 октября 2026 г.',
    ])
  })

  it('English (and no language given) unchanged', () => {
    const english = [
      'Basic 7, 1–14 Oct 2026',
      'Basic 7, 15–31 Oct 2026',
      'Basic 7 — Склад №2, 15–31 Oct 2026',
    ]
    expect(descriptions({ locale: 'en' })).toEqual(english)
    expect(descriptions({})).toEqual(english)
  })

  it('Spanish and Portuguese', () => {
    expect(descriptions({ locale: 'es' })[0]).toBe('Basic 7, 1–14 de octubre de 2026')
    expect(descriptions({ locale: 'pt' })[1]).toBe('Basic 7, 15–31 de outubro de 2026')
  })

  it('a one-day price segment names its day alone', () => {
    const lastDay = { ...basic, prices: [...basic.prices, { from: '2026-10-31', amount: 2500 }] }
    const lines = assembleInvoice({
      periodKey: '2026-10',
      payer: payer({ locale: 'ru' }),
      members: [],
      subscriptions: new Map([[10, lastDay]]),
      intervals: [
        {
          organizationId: 1,
          subscriptionId: 10,
          cameraKey: 'a',
          from: new Date('2026-10-01T00:00:00Z'),
          to: null,
        },
      ],
    }).lines
    expect(lines.map((line) => line.description)).toEqual([
      'Basic 7, 1–14 октября 2026 г.',
      'Basic 7, 15–30 октября 2026 г.',
      'Basic 7, 31 октября 2026 г.',
    ])
  })
})
