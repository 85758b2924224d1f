/**
 * Month-close scenarios in the manner of Lago's spec/scenarios: explicit dates in, exact amounts
 * (minor units) out. Every expected amount is worked out by hand in the comment beside it.
 *
 * Seconds used below: a day 86 400; October 2026 in UTC 31 d = 2 678 400; in Europe/Berlin
 * 31 d + 1 h = 2 682 000 (DST ends 25 Oct); March 2026 in Berlin 31 d - 1 h = 2 674 800 (DST
 * starts 29 Mar); February 2028 in UTC 29 d = 2 505 600.
 */
import { describe, expect, it } from 'vitest'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  payerOf,
  type OrganizationTerms,
  type PriceEntry,
  type SubscriptionTerms,
  type UsageInterval,
} from '../../../src/billing/invoiceAssembly'

function organization(
  id: number,
  title: string,
  terms: Partial<OrganizationTerms> = {},
): OrganizationTerms {
  return {
    id,
    title,
    payer: 'self',
    parentId: null,
    trialEndsAt: null,
    timeZone: 'UTC',
    taxRateBp: 0,
    currency: 'USD',
    ...terms,
  }
}

function subscription(
  id: number,
  title: string,
  currency: string,
  prices: PriceEntry[],
): SubscriptionTerms {
  return { id, title, currency, prices }
}

function camera(
  organizationId: number,
  subscriptionId: number,
  from: string,
  to: string | null,
  cameraKey = 'cam-1',
): UsageInterval {
  return {
    organizationId,
    subscriptionId,
    cameraKey,
    from: new Date(from),
    to: to === null ? null : new Date(to),
  }
}

const ACME = organization(1, 'Acme')
const BUSINESS = subscription(10, 'Business 14', 'USD', [{ from: '2020-01-01', amount: 3000 }])
const BASIC = subscription(11, 'Basic 7', 'USD', [{ from: '2020-01-01', amount: 1500 }])
const BUSINESS_PRICE_CHANGE = subscription(12, 'Business 14', 'USD', [
  { from: '2020-01-01', amount: 3000 },
  { from: '2026-10-15', amount: 4500 },
])
const priced = (amount: number) =>
  subscription(13, 'Business 14', 'USD', [{ from: '2020-01-01', amount }])

// a parent paying for two subsidiaries (one of them with a subsidiary of its own); East pays itself
const PARENT = organization(1, 'Acme', { taxRateBp: 2000 })
const NORTH = organization(2, 'Acme North Warehouse', { payer: 'parent', parentId: 1 })
const SOUTH = organization(3, 'Acme South Depot', { payer: 'parent', parentId: 1 })
const EAST = organization(4, 'Acme East Branch', { payer: 'self', parentId: 1 })
const DOCK = organization(5, 'North Dock', { payer: 'parent', parentId: 2 })

interface ExpectedLine {
  org: number
  sub: number
  cameraSeconds: number
  amount: number
  unitPrice?: number
  description?: string
  cameraDays?: string
  averageCameras?: string
}

interface Scenario {
  name: string
  period: string
  payer: OrganizationTerms
  /** Organizations billed to the payer, besides the payer itself. */
  members?: OrganizationTerms[]
  subscriptions: SubscriptionTerms[]
  intervals: UsageInterval[]
  lines?: ExpectedLine[]
  subtotal?: number
  tax?: number
  total?: number
  throws?: RegExp
}

const scenarios: Scenario[] = [
  {
    name: 'a camera all month costs exactly the monthly price',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')],
    // 3000 × 2 678 400 / 2 678 400 = 3000
    lines: [
      {
        org: 1,
        sub: 10,
        cameraSeconds: 2_678_400,
        amount: 3000,
        unitPrice: 3000,
        cameraDays: '31.00',
        averageCameras: '1.00',
        description: 'Business 14, 1–31 Oct 2026',
      },
    ],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'a camera added on the 10th',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-10-10T00:00:00Z', null)],
    // 10th..31st = 22 d = 1 900 800 s; 3000 × 22 / 31 = 66 000 / 31 = 2129.03 -> 2129
    lines: [
      {
        org: 1,
        sub: 10,
        cameraSeconds: 1_900_800,
        amount: 2129,
        cameraDays: '22.00',
        averageCameras: '0.71',
      },
    ],
    subtotal: 2129,
    tax: 0,
    total: 2129,
  },
  {
    name: 'a camera removed mid-month',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-09-01T00:00:00Z', '2026-10-16T00:00:00Z')],
    // 1st..15th = 15 d = 1 296 000 s; 3000 × 15 / 31 = 45 000 / 31 = 1451.61 -> 1452
    lines: [{ org: 1, sub: 10, cameraSeconds: 1_296_000, amount: 1452 }],
    subtotal: 1452,
    tax: 0,
    total: 1452,
  },
  {
    name: 'a camera moved between subscriptions mid-month',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS, BASIC],
    intervals: [
      camera(1, 10, '2026-10-01T00:00:00Z', '2026-10-16T00:00:00Z'),
      camera(1, 11, '2026-10-16T00:00:00Z', null),
    ],
    lines: [
      // Basic 7 sorts first by title; 16 d = 1 382 400 s; 1500 × 16 / 31 = 24 000 / 31 = 774.19 -> 774
      { org: 1, sub: 11, cameraSeconds: 1_382_400, amount: 774 },
      // 15 d = 1 296 000 s; 3000 × 15 / 31 = 1451.61 -> 1452
      { org: 1, sub: 10, cameraSeconds: 1_296_000, amount: 1452 },
    ],
    subtotal: 2226, // 774 + 1452
    tax: 0,
    total: 2226,
  },
  {
    name: 'a camera added and removed within one day',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-10-07T09:00:00Z', '2026-10-07T17:30:00Z')],
    // 8.5 h = 30 600 s; 3000 × 30 600 / 2 678 400 = 91 800 000 / 2 678 400 = 34.27 -> 34
    // camera-days 30 600 / 86 400 = 0.354 -> 0.35
    lines: [
      {
        org: 1,
        sub: 10,
        cameraSeconds: 30_600,
        amount: 34,
        cameraDays: '0.35',
        averageCameras: '0.01',
      },
    ],
    subtotal: 34,
    tax: 0,
    total: 34,
  },
  {
    name: 'a camera disabled and re-enabled (two intervals, one line)',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [
      camera(1, 10, '2026-10-01T00:00:00Z', '2026-10-05T12:00:00Z'),
      camera(1, 10, '2026-10-20T12:00:00Z', null),
    ],
    // 4.5 d + 11.5 d = 16 d = 1 382 400 s; 3000 × 16 / 31 = 48 000 / 31 = 1548.39 -> 1548
    lines: [{ org: 1, sub: 10, cameraSeconds: 1_382_400, amount: 1548 }],
    subtotal: 1548,
    tax: 0,
    total: 1548,
  },
  {
    name: 'a trial ending mid-month',
    period: '2026-10',
    payer: organization(1, 'Acme', { trialEndsAt: new Date('2026-10-11T00:00:00Z') }),
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-09-01T00:00:00Z', null)],
    // billed 11th..31st = 21 d = 1 814 400 s; 3000 × 21 / 31 = 63 000 / 31 = 2032.26 -> 2032
    lines: [{ org: 1, sub: 10, cameraSeconds: 1_814_400, amount: 2032 }],
    subtotal: 2032,
    tax: 0,
    total: 2032,
  },
  {
    name: 'a trial outlasting the period bills nothing',
    period: '2026-10',
    payer: organization(1, 'Acme', { trialEndsAt: new Date('2026-11-05T00:00:00Z') }),
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-09-01T00:00:00Z', null)],
    lines: [],
    subtotal: 0,
    tax: 0,
    total: 0,
  },
  {
    name: 'a trial that ended before the period changes nothing',
    period: '2026-10',
    payer: organization(1, 'Acme', { trialEndsAt: new Date('2026-09-15T00:00:00Z') }),
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-09-01T00:00:00Z', null)],
    lines: [{ org: 1, sub: 10, cameraSeconds: 2_678_400, amount: 3000 }],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'a trial ending mid-day: a camera gone before it counts nothing, one spanning it counts after it',
    period: '2026-10',
    payer: organization(1, 'Acme', { trialEndsAt: new Date('2026-10-05T12:00:00Z') }),
    subscriptions: [BUSINESS],
    intervals: [
      camera(1, 10, '2026-10-01T00:00:00Z', '2026-10-04T00:00:00Z', 'cam-a'),
      camera(1, 10, '2026-10-03T00:00:00Z', '2026-10-08T00:00:00Z', 'cam-b'),
    ],
    // cam-b from 5th 12:00 to 8th = 2.5 d = 216 000 s; 3000 × 2.5 / 31 = 7500 / 31 = 241.94 -> 242
    lines: [{ org: 1, sub: 10, cameraSeconds: 216_000, amount: 242 }],
    subtotal: 242,
    tax: 0,
    total: 242,
  },
  {
    name: 'a price change on the 15th gives two lines',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS_PRICE_CHANGE],
    intervals: [camera(1, 12, '2026-09-01T00:00:00Z', null)],
    lines: [
      // 1st..14th = 14 d = 1 209 600 s; 3000 × 14 / 31 = 42 000 / 31 = 1354.84 -> 1355
      {
        org: 1,
        sub: 12,
        cameraSeconds: 1_209_600,
        amount: 1355,
        unitPrice: 3000,
        description: 'Business 14, 1–14 Oct 2026',
      },
      // 15th..31st = 17 d = 1 468 800 s; 4500 × 17 / 31 = 76 500 / 31 = 2467.74 -> 2468
      {
        org: 1,
        sub: 12,
        cameraSeconds: 1_468_800,
        amount: 2468,
        unitPrice: 4500,
        description: 'Business 14, 15–31 Oct 2026',
      },
    ],
    subtotal: 3823, // 1355 + 2468
    tax: 0,
    total: 3823,
  },
  {
    name: 'a price change before which the camera was absent gives one line at the new price',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS_PRICE_CHANGE],
    intervals: [camera(1, 12, '2026-10-20T00:00:00Z', null)],
    // 20th..31st = 12 d = 1 036 800 s; 4500 × 12 / 31 = 54 000 / 31 = 1741.94 -> 1742
    lines: [{ org: 1, sub: 12, cameraSeconds: 1_036_800, amount: 1742, unitPrice: 4500 }],
    subtotal: 1742,
    tax: 0,
    total: 1742,
  },
  {
    name: 'an unsorted price list: the latest entry on or before the period start applies',
    period: '2026-10',
    payer: ACME,
    subscriptions: [
      subscription(14, 'Business 14', 'USD', [
        { from: '2026-12-01', amount: 5000 },
        { from: '2025-01-01', amount: 2000 },
        { from: '2026-09-01', amount: 3000 },
      ]),
    ],
    intervals: [camera(1, 14, '2026-09-01T00:00:00Z', null)],
    lines: [{ org: 1, sub: 14, cameraSeconds: 2_678_400, amount: 3000, unitPrice: 3000 }],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'a price change on the 1st applies to the whole month',
    period: '2026-10',
    payer: ACME,
    subscriptions: [
      subscription(14, 'Business 14', 'USD', [
        { from: '2020-01-01', amount: 2000 },
        { from: '2026-10-01', amount: 3000 },
      ]),
    ],
    intervals: [camera(1, 14, '2026-09-01T00:00:00Z', null)],
    lines: [{ org: 1, sub: 14, cameraSeconds: 2_678_400, amount: 3000, unitPrice: 3000 }],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'an entry repeating the price in force does not split the line',
    period: '2026-10',
    payer: ACME,
    subscriptions: [
      subscription(14, 'Business 14', 'USD', [
        { from: '2020-01-01', amount: 3000 },
        { from: '2026-10-15', amount: 3000 },
      ]),
    ],
    intervals: [camera(1, 14, '2026-09-01T00:00:00Z', null)],
    lines: [
      {
        org: 1,
        sub: 14,
        cameraSeconds: 2_678_400,
        amount: 3000,
        description: 'Business 14, 1–31 Oct 2026',
      },
    ],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: "a price change takes effect at midnight in the payer's timezone (Europe/Berlin)",
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    subscriptions: [BUSINESS_PRICE_CHANGE],
    intervals: [camera(1, 12, '2026-09-01T00:00:00Z', null)],
    lines: [
      // 30 Sep 22:00Z .. 14 Oct 22:00Z = 14 d = 1 209 600 s
      // 3000 × 1 209 600 / 2 682 000 = 3 628 800 000 / 2 682 000 = 1353.02 -> 1353
      {
        org: 1,
        sub: 12,
        cameraSeconds: 1_209_600,
        amount: 1353,
        description: 'Business 14, 1–14 Oct 2026',
      },
      // 14 Oct 22:00Z .. 31 Oct 23:00Z = 17 d + 1 h = 1 472 400 s
      // 4500 × 1 472 400 / 2 682 000 = 6 625 800 000 / 2 682 000 = 2470.47 -> 2470
      {
        org: 1,
        sub: 12,
        cameraSeconds: 1_472_400,
        amount: 2470,
        description: 'Business 14, 15–31 Oct 2026',
      },
    ],
    subtotal: 3823, // 1353 + 2470
    tax: 0,
    total: 3823,
  },
  {
    name: 'February of a leap year (2028-02: 29 days)',
    period: '2028-02',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [
      camera(1, 10, '2028-01-10T00:00:00Z', null, 'cam-a'),
      camera(1, 10, '2028-02-15T00:00:00Z', null, 'cam-b'),
    ],
    // cam-a 29 d + cam-b 15th..29th 15 d = 44 d = 3 801 600 s
    // 3000 × 44 / 29 = 132 000 / 29 = 4551.72 -> 4552
    lines: [
      {
        org: 1,
        sub: 10,
        cameraSeconds: 3_801_600,
        amount: 4552,
        cameraDays: '44.00',
        averageCameras: '1.52',
      },
    ],
    subtotal: 4552,
    tax: 0,
    total: 4552,
  },
  {
    name: 'October 2026 in Europe/Berlin (DST end): a camera all month costs exactly the price',
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-09-30T22:00:00Z', null)],
    // 3000 × 2 682 000 / 2 682 000 = 3000
    lines: [{ org: 1, sub: 10, cameraSeconds: 2_682_000, amount: 3000, averageCameras: '1.00' }],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'October 2026 in Europe/Berlin: half of the true seconds costs exactly half',
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    subscriptions: [BUSINESS],
    // 2 682 000 / 2 = 1 341 000 s = 15 d 12 h 30 min after 30 Sep 22:00Z = 16 Oct 10:30Z
    intervals: [camera(1, 10, '2026-09-30T22:00:00Z', '2026-10-16T10:30:00Z')],
    // 3000 × 1 341 000 / 2 682 000 = 1500; camera-days 1 341 000 / 86 400 = 15.5208 -> 15.52
    lines: [
      {
        org: 1,
        sub: 10,
        cameraSeconds: 1_341_000,
        amount: 1500,
        cameraDays: '15.52',
        averageCameras: '0.50',
      },
    ],
    subtotal: 1500,
    tax: 0,
    total: 1500,
  },
  {
    name: 'October 2026 in Europe/Berlin: the second half of the month carries the extra hour',
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    subscriptions: [BUSINESS],
    // local midnight of 16 Oct (CEST) = 15 Oct 22:00Z .. 31 Oct 23:00Z = 16 d + 1 h = 1 386 000 s
    intervals: [camera(1, 10, '2026-10-15T22:00:00Z', null)],
    // 3000 × 1 386 000 / 2 682 000 = 4 158 000 / 2682 = 1550.34 -> 1550 (a 31-day month would say 1548)
    lines: [{ org: 1, sub: 10, cameraSeconds: 1_386_000, amount: 1550 }],
    subtotal: 1550,
    tax: 0,
    total: 1550,
  },
  {
    name: 'October 2026 in Europe/Berlin: the repeated hour of 25 Oct is billed',
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    subscriptions: [BUSINESS],
    // 00:00Z..02:00Z = local 02:00 CEST .. 03:00 CET, two real hours = 7200 s
    intervals: [camera(1, 10, '2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z')],
    // 3000 × 7200 / 2 682 000 = 21 600 000 / 2 682 000 = 8.05 -> 8
    lines: [{ org: 1, sub: 10, cameraSeconds: 7200, amount: 8 }],
    subtotal: 8,
    tax: 0,
    total: 8,
  },
  {
    name: 'March 2026 in Europe/Berlin (DST start)',
    period: '2026-03',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    subscriptions: [BUSINESS, BASIC],
    intervals: [
      camera(1, 10, '2026-02-28T23:00:00Z', null, 'cam-a'),
      // local midnight of 29 Mar (still CET) = 28 Mar 23:00Z .. 31 Mar 22:00Z = 3 d - 1 h = 255 600 s
      camera(1, 11, '2026-03-28T23:00:00Z', null, 'cam-b'),
    ],
    lines: [
      // 1500 × 255 600 / 2 674 800 = 383 400 000 / 2 674 800 = 143.34 -> 143
      { org: 1, sub: 11, cameraSeconds: 255_600, amount: 143 },
      // 3000 × 2 674 800 / 2 674 800 = 3000
      { org: 1, sub: 10, cameraSeconds: 2_674_800, amount: 3000 },
    ],
    subtotal: 3143,
    tax: 0,
    total: 3143,
  },
  {
    name: 'Asia/Tokyo: the month starts at 15:00 UTC of the previous day',
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Asia/Tokyo' }),
    subscriptions: [BUSINESS, BASIC],
    intervals: [
      camera(1, 10, '2026-09-30T15:00:00Z', null, 'cam-a'),
      // ends exactly where the Tokyo month begins: nothing
      camera(1, 10, '2026-09-30T10:00:00Z', '2026-09-30T15:00:00Z', 'cam-b'),
      // only 31 Oct 14:00Z..15:00Z is in the Tokyo month: 3600 s
      camera(1, 11, '2026-10-31T14:00:00Z', '2026-11-02T00:00:00Z', 'cam-c'),
    ],
    lines: [
      // 1500 × 3600 / 2 678 400 = 5 400 000 / 2 678 400 = 2.02 -> 2
      { org: 1, sub: 11, cameraSeconds: 3600, amount: 2 },
      // 30 Sep 15:00Z .. 31 Oct 15:00Z = 2 678 400 s: 3000
      { org: 1, sub: 10, cameraSeconds: 2_678_400, amount: 3000 },
    ],
    subtotal: 3002,
    tax: 0,
    total: 3002,
  },
  {
    name: 'Asia/Tokyo: a camera added after the Tokyo month ended (still 31 Oct in UTC) is not billed in it',
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Asia/Tokyo' }),
    subscriptions: [BUSINESS, BASIC],
    intervals: [
      camera(1, 10, '2026-09-30T15:00:00Z', null, 'cam-a'),
      // the Tokyo month ended at 31 Oct 15:00Z; read with the others, it is November's usage
      camera(1, 11, '2026-10-31T16:00:00Z', null, 'cam-late'),
    ],
    lines: [{ org: 1, sub: 10, cameraSeconds: 2_678_400, amount: 3000 }],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'JPY (exponent 0)',
    period: '2026-10',
    payer: organization(1, 'Acme KK', { currency: 'JPY', taxRateBp: 1000 }),
    subscriptions: [subscription(20, 'Business 14', 'JPY', [{ from: '2020-01-01', amount: 3300 }])],
    intervals: [camera(1, 20, '2026-10-10T00:00:00Z', null)],
    // 22 d: 3300 × 22 / 31 = 72 600 / 31 = 2341.94 -> 2342 yen; tax 2342 × 0.1 = 234.2 -> 234
    lines: [{ org: 1, sub: 20, cameraSeconds: 1_900_800, amount: 2342 }],
    subtotal: 2342,
    tax: 234,
    total: 2576,
  },
  {
    name: 'KWD (exponent 3)',
    period: '2026-10',
    payer: organization(1, 'Acme Kuwait', { currency: 'KWD', taxRateBp: 500 }),
    subscriptions: [subscription(21, 'Business 14', 'KWD', [{ from: '2020-01-01', amount: 9500 }])],
    intervals: [camera(1, 21, '2026-10-16T00:00:00Z', null)],
    // 16 d: 9500 × 16 / 31 = 152 000 / 31 = 4903.23 -> 4903 fils; tax 4903 × 0.05 = 245.15 -> 245
    lines: [{ org: 1, sub: 21, cameraSeconds: 1_382_400, amount: 4903 }],
    subtotal: 4903,
    tax: 245,
    total: 5148,
  },
  // At 20 % the tax is subtotal / 5, whose fraction is .0/.2/.4/.6/.8: it is never exactly .5,
  // so the .5 boundary is shown at 10 % and 25 % below.
  {
    name: 'tax 20 % (2000 bp) rounds .6 up',
    period: '2026-10',
    payer: organization(1, 'Acme', { taxRateBp: 2000 }),
    subscriptions: [priced(3003)],
    intervals: [camera(1, 13, '2026-09-01T00:00:00Z', null)],
    // 3003 × 2000 / 10 000 = 600.6 -> 601
    lines: [{ org: 1, sub: 13, cameraSeconds: 2_678_400, amount: 3003 }],
    subtotal: 3003,
    tax: 601,
    total: 3604,
  },
  {
    name: 'tax 20 % (2000 bp) rounds .4 down',
    period: '2026-10',
    payer: organization(1, 'Acme', { taxRateBp: 2000 }),
    subscriptions: [priced(3002)],
    intervals: [camera(1, 13, '2026-09-01T00:00:00Z', null)],
    // 3002 × 2000 / 10 000 = 600.4 -> 600
    lines: [{ org: 1, sub: 13, cameraSeconds: 2_678_400, amount: 3002 }],
    subtotal: 3002,
    tax: 600,
    total: 3602,
  },
  {
    name: 'tax exactly on a .5 boundary rounds up (10 %)',
    period: '2026-10',
    payer: organization(1, 'Acme', { taxRateBp: 1000 }),
    subscriptions: [priced(1005)],
    intervals: [camera(1, 13, '2026-09-01T00:00:00Z', null)],
    // 1005 × 1000 / 10 000 = 100.5 -> 101
    lines: [{ org: 1, sub: 13, cameraSeconds: 2_678_400, amount: 1005 }],
    subtotal: 1005,
    tax: 101,
    total: 1106,
  },
  {
    name: 'tax exactly on a .5 boundary rounds up (25 %)',
    period: '2026-10',
    payer: organization(1, 'Acme', { taxRateBp: 2500 }),
    subscriptions: [priced(3002)],
    intervals: [camera(1, 13, '2026-09-01T00:00:00Z', null)],
    // 3002 × 2500 / 10 000 = 750.5 -> 751
    lines: [{ org: 1, sub: 13, cameraSeconds: 2_678_400, amount: 3002 }],
    subtotal: 3002,
    tax: 751,
    total: 3753,
  },
  {
    name: 'a line amount exactly on a .5 boundary rounds up',
    period: '2026-10',
    payer: ACME,
    subscriptions: [priced(3001)],
    intervals: [camera(1, 13, '2026-10-01T00:00:00Z', '2026-10-16T12:00:00Z')],
    // 15.5 d = 1 339 200 s = half of 2 678 400; 3001 / 2 = 1500.5 -> 1501
    lines: [{ org: 1, sub: 13, cameraSeconds: 1_339_200, amount: 1501 }],
    subtotal: 1501,
    tax: 0,
    total: 1501,
  },
  {
    name: 'a line is rounded once, not per camera',
    period: '2026-10',
    payer: ACME,
    subscriptions: [priced(3001)],
    intervals: [
      camera(1, 13, '2026-10-01T00:00:00Z', '2026-10-16T12:00:00Z', 'cam-a'),
      camera(1, 13, '2026-10-16T12:00:00Z', null, 'cam-b'),
    ],
    // two halves = 2 678 400 s -> 3001 (rounding each camera would give 1501 + 1501 = 3002)
    lines: [{ org: 1, sub: 13, cameraSeconds: 2_678_400, amount: 3001 }],
    subtotal: 3001,
    tax: 0,
    total: 3001,
  },
  {
    name: 'a parent pays for two subsidiaries; a third subsidiary paying itself is left out',
    period: '2026-10',
    payer: PARENT,
    members: [NORTH, SOUTH],
    subscriptions: [BUSINESS, BASIC],
    intervals: [
      camera(1, 10, '2026-09-01T00:00:00Z', null, 'cam-parent'),
      camera(2, 10, '2026-10-10T00:00:00Z', null, 'cam-north'),
      camera(3, 11, '2026-09-01T00:00:00Z', null, 'cam-south'),
      camera(4, 10, '2026-09-01T00:00:00Z', null, 'cam-east'),
    ],
    lines: [
      // the payer first: 3000
      {
        org: 1,
        sub: 10,
        cameraSeconds: 2_678_400,
        amount: 3000,
        description: 'Business 14, 1–31 Oct 2026',
      },
      // 22 d: 3000 × 22 / 31 = 2129.03 -> 2129
      {
        org: 2,
        sub: 10,
        cameraSeconds: 1_900_800,
        amount: 2129,
        description: 'Business 14 — Acme North Warehouse, 1–31 Oct 2026',
      },
      // all month at 1500
      {
        org: 3,
        sub: 11,
        cameraSeconds: 2_678_400,
        amount: 1500,
        description: 'Basic 7 — Acme South Depot, 1–31 Oct 2026',
      },
    ],
    // 3000 + 2129 + 1500 = 6629; tax 6629 × 0.2 = 1325.8 -> 1326
    subtotal: 6629,
    tax: 1326,
    total: 7955,
  },
  {
    name: 'the subsidiary that pays itself gets its own invoice',
    period: '2026-10',
    payer: EAST,
    subscriptions: [BUSINESS],
    intervals: [camera(4, 10, '2026-09-01T00:00:00Z', null, 'cam-east')],
    lines: [
      {
        org: 4,
        sub: 10,
        cameraSeconds: 2_678_400,
        amount: 3000,
        description: 'Business 14, 1–31 Oct 2026',
      },
    ],
    subtotal: 3000,
    tax: 0,
    total: 3000,
  },
  {
    name: 'a subsidiary of a subsidiary is billed to the top payer',
    period: '2026-10',
    payer: PARENT,
    members: [NORTH, DOCK],
    subscriptions: [BUSINESS],
    intervals: [camera(5, 10, '2026-10-16T00:00:00Z', null, 'cam-dock')],
    // 16 d: 3000 × 16 / 31 = 48 000 / 31 = 1548.39 -> 1548; tax 309.6 -> 310
    lines: [
      {
        org: 5,
        sub: 10,
        cameraSeconds: 1_382_400,
        amount: 1548,
        description: 'Business 14 — North Dock, 1–31 Oct 2026',
      },
    ],
    subtotal: 1548,
    tax: 310,
    total: 1858,
  },
  {
    name: "a subsidiary's trial applies to its own cameras only",
    period: '2026-10',
    payer: ACME,
    members: [{ ...NORTH, trialEndsAt: new Date('2026-10-11T00:00:00Z') }],
    subscriptions: [BUSINESS],
    intervals: [
      camera(1, 10, '2026-09-01T00:00:00Z', null, 'cam-parent'),
      camera(2, 10, '2026-09-01T00:00:00Z', null, 'cam-north'),
    ],
    lines: [
      { org: 1, sub: 10, cameraSeconds: 2_678_400, amount: 3000 },
      // 21 d: 3000 × 21 / 31 = 2032.26 -> 2032
      { org: 2, sub: 10, cameraSeconds: 1_814_400, amount: 2032 },
    ],
    subtotal: 5032,
    tax: 0,
    total: 5032,
  },
  {
    name: "a subsidiary's own timezone does not move the payer's period",
    period: '2026-10',
    payer: organization(1, 'Acme', { timeZone: 'Europe/Berlin' }),
    members: [{ ...NORTH, timeZone: 'Asia/Tokyo' }],
    subscriptions: [BUSINESS],
    // the Tokyo month 30 Sep 15:00Z .. 31 Oct 15:00Z against the Berlin month 30 Sep 22:00Z .. 31 Oct 23:00Z
    intervals: [camera(2, 10, '2026-09-30T15:00:00Z', '2026-10-31T15:00:00Z')],
    // overlap 2 682 000 - 8 h (28 800) = 2 653 200 s; 3000 × 2 653 200 / 2 682 000 = 2967.79 -> 2968
    lines: [{ org: 2, sub: 10, cameraSeconds: 2_653_200, amount: 2968 }],
    subtotal: 2968,
    tax: 0,
    total: 2968,
  },
  {
    name: 'zero cameras give an empty draft',
    period: '2026-10',
    payer: organization(1, 'Acme', { taxRateBp: 2000 }),
    subscriptions: [BUSINESS],
    intervals: [],
    lines: [],
    subtotal: 0,
    tax: 0,
    total: 0,
  },
  {
    name: 'many cameras: 1000 cameras all month cost 1000 × the price',
    period: '2026-10',
    payer: organization(1, 'Acme', { taxRateBp: 2000 }),
    subscriptions: [BUSINESS],
    intervals: Array.from({ length: 1000 }, (_, n) =>
      camera(1, 10, '2026-09-01T00:00:00Z', null, `cam-${n}`),
    ),
    // 1000 × 2 678 400 = 2 678 400 000 s -> 1000 × 3000 = 3 000 000; tax 600 000
    lines: [
      {
        org: 1,
        sub: 10,
        cameraSeconds: 2_678_400_000,
        amount: 3_000_000,
        averageCameras: '1000.00',
      },
    ],
    subtotal: 3_000_000,
    tax: 600_000,
    total: 3_600_000,
  },
  {
    name: 'an open interval counts until the period end',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-10-20T06:00:00Z', null)],
    // 11 d 18 h = 950 400 + 64 800 = 1 015 200 s
    // 3000 × 1 015 200 / 2 678 400 = 3 045 600 000 / 2 678 400 = 1137.10 -> 1137
    lines: [{ org: 1, sub: 10, cameraSeconds: 1_015_200, amount: 1137 }],
    subtotal: 1137,
    tax: 0,
    total: 1137,
  },
  {
    name: 'an interval starting before the period counts from the period start',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [camera(1, 10, '2026-08-15T00:00:00Z', '2026-10-05T00:00:00Z')],
    // 1st..4th = 4 d = 345 600 s; 3000 × 4 / 31 = 12 000 / 31 = 387.10 -> 387
    lines: [{ org: 1, sub: 10, cameraSeconds: 345_600, amount: 387 }],
    subtotal: 387,
    tax: 0,
    total: 387,
  },
  {
    name: 'intervals entirely outside the period are ignored',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [
      camera(1, 10, '2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z', 'cam-a'), // ends at the start
      camera(1, 10, '2026-11-01T00:00:00Z', null, 'cam-b'), // starts at the end
      camera(1, 10, '2026-11-03T00:00:00Z', '2026-11-04T00:00:00Z', 'cam-c'),
      camera(1, 99, '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z', 'cam-d'), // unknown terms, not needed
    ],
    lines: [],
    subtotal: 0,
    tax: 0,
    total: 0,
  },
  {
    name: 'timestamps with milliseconds are summed, then rounded to whole seconds once',
    period: '2026-10',
    payer: ACME,
    subscriptions: [BUSINESS],
    intervals: [
      camera(1, 10, '2026-10-01T00:00:00.000Z', '2026-10-01T01:00:00.300Z', 'cam-a'),
      camera(1, 10, '2026-10-02T00:00:00.000Z', '2026-10-02T00:00:00.300Z', 'cam-b'),
      camera(1, 10, '2026-10-03T00:00:00.000Z', '2026-10-03T00:00:00.400Z', 'cam-c'), // sub-second
    ],
    // 3600.3 + 0.3 + 0.4 = 3601.0 s; 3000 × 3601 / 2 678 400 = 10 803 000 / 2 678 400 = 4.03 -> 4
    lines: [{ org: 1, sub: 10, cameraSeconds: 3601, amount: 4 }],
    subtotal: 4,
    tax: 0,
    total: 4,
  },
  {
    name: 'a subscription in another currency than the payer throws, naming both',
    period: '2026-10',
    payer: ACME,
    subscriptions: [
      subscription(30, 'Business 14 EU', 'EUR', [{ from: '2020-01-01', amount: 2800 }]),
    ],
    intervals: [camera(1, 30, '2026-10-10T00:00:00Z', null)],
    throws: /"Business 14 EU".*EUR.*"Acme".*USD/,
  },
]

function run(scenario: Scenario) {
  return assembleInvoice({
    periodKey: scenario.period,
    payer: scenario.payer,
    members: [scenario.payer, ...(scenario.members ?? [])],
    subscriptions: new Map(scenario.subscriptions.map((terms) => [terms.id, terms])),
    intervals: scenario.intervals,
  })
}

describe('invoice scenarios', () => {
  it('has at least 30 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30)
  })

  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', (_, scenario) => {
    if (scenario.throws) {
      expect(() => run(scenario)).toThrow(InvoiceAssemblyError)
      expect(() => run(scenario)).toThrow(scenario.throws)
      return
    }
    const draft = run(scenario)
    const lines = draft.lines.map((line) => ({
      org: line.organizationId,
      sub: line.subscriptionId,
      cameraSeconds: line.cameraSeconds,
      amount: line.amount,
      unitPrice: line.unitPrice,
      description: line.description,
      cameraDays: line.cameraDays,
      averageCameras: line.averageCameras,
    }))
    expect(lines).toMatchObject(scenario.lines ?? [])
    expect({ subtotal: draft.subtotal, tax: draft.tax, total: draft.total }).toEqual({
      subtotal: scenario.subtotal,
      tax: scenario.tax,
      total: scenario.total,
    })
    expect(draft.payerId).toBe(scenario.payer.id)
    expect(draft.currency).toBe(scenario.payer.currency)
    expect(draft.taxRateBp).toBe(scenario.payer.taxRateBp)
    expect(draft.period.key).toBe(scenario.period)
    expect(draft.period.timeZone).toBe(scenario.payer.timeZone)
  })
})

describe('invoice assembly details', () => {
  const input = (terms: Partial<Parameters<typeof assembleInvoice>[0]>) =>
    assembleInvoice({
      periodKey: '2026-10',
      payer: ACME,
      members: [ACME],
      subscriptions: new Map([[10, BUSINESS]]),
      intervals: [],
      ...terms,
    })

  it('gives each line its segment, titles and averages', () => {
    const draft = input({
      subscriptions: new Map([[12, BUSINESS_PRICE_CHANGE]]),
      intervals: [camera(1, 12, '2026-09-01T00:00:00Z', null)],
    })
    expect(draft.period.start.toISOString()).toBe('2026-10-01T00:00:00.000Z')
    expect(
      draft.lines.map((line) => [line.segmentStart.toISOString(), line.segmentEnd.toISOString()]),
    ).toEqual([
      ['2026-10-01T00:00:00.000Z', '2026-10-15T00:00:00.000Z'],
      ['2026-10-15T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ])
    expect(draft.lines[0]).toMatchObject({
      organizationTitle: 'Acme',
      subscriptionTitle: 'Business 14',
      cameraDays: '14.00',
      averageCameras: '0.45', // 14 / 31 = 0.4516
    })
  })

  it('writes a one-day segment as a single date', () => {
    const lastDay = subscription(15, 'Business 14', 'USD', [
      { from: '2020-01-01', amount: 3000 },
      { from: '2026-10-31', amount: 4500 },
    ])
    const draft = input({
      subscriptions: new Map([[15, lastDay]]),
      intervals: [camera(1, 15, '2026-09-01T00:00:00Z', null)],
    })
    expect(draft.lines.map((line) => line.description)).toEqual([
      'Business 14, 1–30 Oct 2026',
      'Business 14, 31 Oct 2026',
    ])
  })

  it('applies the first price to usage before the first entry of the price list', () => {
    const late = subscription(16, 'Business 14', 'USD', [{ from: '2026-10-10', amount: 3000 }])
    const draft = input({
      subscriptions: new Map([[16, late]]),
      intervals: [camera(1, 16, '2026-09-01T00:00:00Z', null)],
    })
    expect(draft.lines.map((line) => [line.unitPrice, line.amount])).toEqual([[3000, 3000]])
  })

  it('refuses members that are not billed to the payer', () => {
    expect(() => input({ payer: PARENT, members: [PARENT, NORTH, EAST] })).toThrow(
      /"Acme East Branch" \(id 4\) is not billed to organization "Acme" \(id 1\)/,
    )
  })

  it('refuses to bill an organization whose parent pays for it', () => {
    expect(() => input({ payer: NORTH, members: [NORTH] })).toThrow(/assemble the parent's invoice/)
  })

  it('refuses usage on a subscription without terms, or ending before it starts', () => {
    expect(() => input({ intervals: [camera(1, 99, '2026-10-02T00:00:00Z', null)] })).toThrow(
      /subscription id 99, whose terms were not given/,
    )
    expect(() =>
      input({ intervals: [camera(1, 10, '2026-10-05T00:00:00Z', '2026-10-02T00:00:00Z')] }),
    ).toThrow(/ends .* before it starts/)
  })

  it('refuses a subscription without prices and a malformed price date', () => {
    const unpriced = subscription(17, 'Unpriced', 'USD', [])
    expect(() =>
      input({
        subscriptions: new Map([[17, unpriced]]),
        intervals: [camera(1, 17, '2026-10-02T00:00:00Z', null)],
      }),
    ).toThrow(/"Unpriced" \(id 17\) has no price/)
    const malformed = subscription(18, 'Malformed', 'USD', [{ from: '15.10.2026', amount: 3000 }])
    expect(() =>
      input({
        subscriptions: new Map([[18, malformed]]),
        intervals: [camera(1, 18, '2026-10-02T00:00:00Z', null)],
      }),
    ).toThrow(InvoiceAssemblyError)
  })

  it('refuses an unknown billing timezone, naming the payer', () => {
    const lost = organization(1, 'Acme', { timeZone: 'Mars/Olympus' })
    expect(() => input({ payer: lost, members: [lost] })).toThrow(/"Acme".*Mars\/Olympus/)
  })
})

describe('payerOf', () => {
  const byId = new Map([PARENT, NORTH, SOUTH, EAST, DOCK].map((terms) => [terms.id, terms]))

  it('follows payer = parent up the chain', () => {
    expect(payerOf(PARENT, byId)).toBe(1)
    expect(payerOf(NORTH, byId)).toBe(1)
    expect(payerOf(SOUTH, byId)).toBe(1)
    expect(payerOf(DOCK, byId)).toBe(1) // through North
    expect(payerOf(EAST, byId)).toBe(4) // has a parent but pays itself
  })

  it('stops at an organization that pays itself part-way up', () => {
    const selfPayingNorth = { ...NORTH, payer: 'self' as const }
    const chain = new Map(byId).set(2, selfPayingNorth)
    expect(payerOf(DOCK, chain)).toBe(2)
  })

  it('treats payer = parent without a parent as paying itself', () => {
    const orphan = organization(6, 'Orphan', { payer: 'parent', parentId: null })
    expect(payerOf(orphan, byId)).toBe(6)
  })

  it('throws on a missing parent or a loop', () => {
    const stray = organization(7, 'Stray', { payer: 'parent', parentId: 70 })
    expect(() => payerOf(stray, byId)).toThrow(/parent id 70, which was not given/)
    const a = organization(8, 'Loop A', { payer: 'parent', parentId: 9 })
    const b = organization(9, 'Loop B', { payer: 'parent', parentId: 8 })
    expect(() =>
      payerOf(
        a,
        new Map([
          [8, a],
          [9, b],
        ]),
      ),
    ).toThrow(/loops/)
  })
})
