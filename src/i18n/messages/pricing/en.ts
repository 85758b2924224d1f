/**
 * The pricing section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with PricingMessages. The "Try a price change" view of the admin.
 */
import type { Locale } from '../../locales'
import { plural } from '../../plural'

export const pricingEn = {
  button: 'Try a price change',
  heading: ({ title }: { title: string }) => `Try a price change: ${title}`,
  intro:
    "A closed month's real camera usage is priced again through the invoice assembly with the new prices. Nothing is saved unless you publish.",
  period: 'Month to replay',
  newPrice: 'New monthly price per camera',
  effectiveFrom: 'Effective from',
  services: 'Services from that day',
  threshold: 'Report invoices crossing',
  simulate: 'Simulate',
  simulating: 'Simulating…',
  cancel: 'Cancel',
  downloadCsv: 'Download CSV',
  publish: 'Publish',
  publishing: 'Publishing…',
  publishHeading: 'Publish this price change?',
  publishBody: ({ from }: { from: string }) =>
    `The new prices become the real prices from ${from}, and the change is recorded under your name.`,
  published: 'Published: the new prices are in force from their date.',
  needPrice: 'New monthly price: write an amount, or choose a different set of services.',
  needServices: 'Services: choose at least one service.',
  totalsHeading: 'Revenue per currency',
  organizationsHeading: 'Change per organization',
  crossingsHeading: 'Invoices crossing the threshold',
  noCrossings: 'No invoice crosses the threshold.',
  noUsage: 'No organization had billable camera time in that month.',
  columns: {
    organization: 'Organization',
    currency: 'Currency',
    organizations: 'Organizations',
    before: 'Before',
    after: 'After',
    delta: 'Change',
    percent: '%',
    direction: 'Direction',
  },
  up: 'up',
  down: 'down',
  shown: ({ shown, total, locale }: { shown: number; total: number; locale: Locale }) =>
    plural(locale, total, {
      one: `Showing ${shown} of ${total} organization; the CSV has them all.`,
      other: `Showing ${shown} of ${total} organizations; the CSV has them all.`,
    }),
  failed: ({ count, locale }: { count: number; locale: Locale }) =>
    plural(locale, count, {
      one: `${count} organization could not be priced (see the answer's "failed").`,
      other: `${count} organizations could not be priced (see the answer's "failed").`,
    }),
  adminOnlyPublish: 'Only an administrator can publish a price change.',
}

export type PricingMessages = typeof pricingEn
