import { describe, expect, it } from 'vitest'
import {
  apportion,
  cameraReference,
  clipToLine,
  explainLine,
  type CameraTime,
} from '../../../src/billing/drillDown'
import { assembleInvoice, type OrganizationTerms } from '../../../src/billing/invoiceAssembly'

const at = (iso: string) => new Date(iso)
const DAY = 86_400

describe('apportion', () => {
  it('splits a total by weights, exactly, the remainder to the largest fractions', () => {
    // 100 over 1:1:1 = 33.33 each: the one unit left goes to the first of the equal remainders
    expect(apportion(100, [1n, 1n, 1n])).toEqual([34, 33, 33])
    // 10 over 1:2:3 = 1.67, 3.33, 5: floors 1, 3, 5 (9), the unit to the largest fraction (.67)
    expect(apportion(10, [1n, 2n, 3n])).toEqual([2, 3, 5])
  })

  it('keeps whole shares whole and gives zero weights nothing', () => {
    expect(apportion(3000, [1n, 0n, 2n])).toEqual([1000, 0, 2000])
    expect(apportion(0, [5n, 7n])).toEqual([0, 0])
    expect(apportion(7, [])).toEqual([])
  })

  it('splits a negative total as its opposite, negated', () => {
    expect(apportion(-100, [1n, 1n, 1n])).toEqual([-34, -33, -33])
  })

  it('always adds up to the total, whatever the weights', () => {
    let seed = 7
    const random = () => (seed = (seed * 48_271) % 2_147_483_647)
    for (let round = 0; round < 100; round++) {
      const weights = Array.from({ length: 1 + (random() % 9) }, () => BigInt(random() % 100_000))
      if (!weights.some((weight) => weight > 0n)) weights.push(1n)
      const total = random() % 1_000_000
      const shares = apportion(total, weights)
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total)
      // each share is within one minor unit of its exact value
      const sum = weights.reduce((a, b) => a + b, 0n)
      shares.forEach((share, index) => {
        const exact = Number(BigInt(total) * weights[index]!) / Number(sum)
        expect(Math.abs(share - exact)).toBeLessThan(1)
      })
    }
  })

  it('refuses a total that is not a safe integer', () => {
    expect(() => apportion(1.5, [1n])).toThrow(/safe integer/)
  })
})

describe('cameraReference', () => {
  it('is short, stable, and does not show the camera key', () => {
    const key = 'a'.repeat(64)
    const reference = cameraReference(key)
    expect(reference).toMatch(/^cam-[0-9a-f]{8}$/)
    expect(cameraReference(key)).toBe(reference)
    expect(key).not.toContain(reference.slice(4))
    expect(cameraReference('b'.repeat(64))).not.toBe(reference)
  })
})

describe('clipToLine', () => {
  const line = { segmentStart: at('2026-10-15T00:00:00Z'), segmentEnd: at('2026-11-01T00:00:00Z') }

  it('keeps each interval’s part inside the segment and after the trial end, in time order', () => {
    const intervals: CameraTime[] = [
      { cameraKey: 'k2', from: at('2026-10-20T00:00:00Z'), to: null },
      { cameraKey: 'k1', from: at('2026-09-01T00:00:00Z'), to: at('2026-10-18T00:00:00Z') },
      { cameraKey: 'k3', from: at('2026-10-01T00:00:00Z'), to: at('2026-10-10T00:00:00Z') },
    ]
    const clipped = clipToLine(line, intervals, at('2026-10-16T00:00:00Z'))
    expect(clipped).toEqual([
      {
        cameraKey: 'k1',
        from: at('2026-10-16T00:00:00Z'),
        to: at('2026-10-18T00:00:00Z'),
        milliseconds: 2n * BigInt(DAY) * 1000n,
      },
      {
        cameraKey: 'k2',
        from: at('2026-10-20T00:00:00Z'),
        to: at('2026-11-01T00:00:00Z'),
        milliseconds: 12n * BigInt(DAY) * 1000n,
      },
    ])
  })
})

describe('explainLine', () => {
  it('shares a line’s amount and seconds over its intervals, adding up exactly', () => {
    const line = {
      segmentStart: at('2026-10-01T00:00:00Z'),
      segmentEnd: at('2026-11-01T00:00:00Z'),
      amount: 1000,
    }
    const intervals: CameraTime[] = [
      { cameraKey: 'a', from: at('2026-10-01T00:00:00Z'), to: at('2026-10-11T08:00:00Z') },
      { cameraKey: 'b', from: at('2026-10-11T08:00:00Z'), to: at('2026-10-21T16:00:00Z') },
      { cameraKey: 'c', from: at('2026-10-21T16:00:00Z'), to: null },
    ]
    const shares = explainLine(line, intervals, null)
    // 31 days in thirds: 10.33 days each; 1000 / 3 = 333.33: the unit left goes to the first
    expect(shares.map((share) => share.amount)).toEqual([334, 333, 333])
    expect(shares.map((share) => share.seconds)).toEqual([892_800, 892_800, 892_800])
    expect(shares.map((share) => share.camera)).toEqual(
      ['a', 'b', 'c'].map((key) => cameraReference(key)),
    )
    expect(shares[2]!.to).toEqual(at('2026-11-01T00:00:00Z'))
  })

  it('gives a line without intervals no shares', () => {
    const line = {
      segmentStart: at('2026-10-01T00:00:00Z'),
      segmentEnd: at('2026-11-01T00:00:00Z'),
      amount: 0,
    }
    expect(explainLine(line, [], null)).toEqual([])
  })
})

describe('drill-down scenario: a mid-month price change and a trial end', () => {
  // Acme pays 3100 (31.00) per camera until 16 Oct, 6200 from then; its trial ends 10 Oct 12:00.
  const acme: OrganizationTerms = {
    id: 1,
    title: 'Acme',
    payer: 'self',
    parentId: null,
    trialEndsAt: at('2026-10-10T12:00:00Z'),
    timeZone: 'UTC',
    taxRateBp: 0,
    currency: 'USD',
  }
  const subscription = {
    id: 7,
    title: 'Business 14',
    currency: 'USD',
    prices: [
      { from: '2026-01-01', amount: 3100 },
      { from: '2026-10-16', amount: 6200 },
    ],
  }
  const usage: CameraTime[] = [
    // all month: billed from the trial end
    { cameraKey: 'k-all', from: at('2026-09-01T00:00:00Z'), to: null },
    // crosses the price change
    { cameraKey: 'k-mid', from: at('2026-10-12T06:30:00Z'), to: at('2026-10-20T18:15:00Z') },
    // wholly in the trial: not billed
    { cameraKey: 'k-trial', from: at('2026-10-02T00:00:00Z'), to: at('2026-10-05T00:00:00Z') },
    // leaves and comes back after the change, odd seconds
    { cameraKey: 'k-back', from: at('2026-10-17T00:00:07Z'), to: at('2026-10-19T00:00:00Z') },
    { cameraKey: 'k-back', from: at('2026-10-25T13:13:13Z'), to: at('2026-10-31T23:59:59Z') },
  ]
  const draft = assembleInvoice({
    periodKey: '2026-10',
    payer: acme,
    members: [acme],
    subscriptions: new Map([[7, subscription]]),
    intervals: usage.map((interval) => ({ ...interval, organizationId: 1, subscriptionId: 7 })),
  })

  it('splits the month into two lines, as the assembly does', () => {
    expect(draft.lines.map((line) => line.unitPrice)).toEqual([3100, 6200])
  })

  it('adds every line’s shares up to its amount and its seconds', () => {
    for (const line of draft.lines) {
      const shares = explainLine(line, usage, acme.trialEndsAt)
      expect(shares.length).toBeGreaterThan(0)
      expect(shares.reduce((sum, share) => sum + share.amount, 0)).toBe(line.amount)
      expect(shares.reduce((sum, share) => sum + share.seconds, 0)).toBe(line.cameraSeconds)
      for (const share of shares) {
        expect(share.from.getTime()).toBeGreaterThanOrEqual(line.segmentStart.getTime())
        expect(share.to.getTime()).toBeLessThanOrEqual(line.segmentEnd.getTime())
        expect(share.from.getTime()).toBeGreaterThanOrEqual(acme.trialEndsAt!.getTime())
      }
    }
  })

  it('clips to the trial end and the price change', () => {
    const [before, after] = draft.lines.map((line) => explainLine(line, usage, acme.trialEndsAt))
    // before the change: k-all from the trial end (10 Oct 12:00) to 16 Oct, k-mid from 12 Oct 06:30
    expect(
      before!.map((share) => [share.camera, share.from.toISOString(), share.to.toISOString()]),
    ).toEqual([
      [cameraReference('k-all'), '2026-10-10T12:00:00.000Z', '2026-10-16T00:00:00.000Z'],
      [cameraReference('k-mid'), '2026-10-12T06:30:00.000Z', '2026-10-16T00:00:00.000Z'],
    ])
    // k-all 5.5 days + k-mid 3.729 days = 797 400 s; 3100 × 797 400 / 2 678 400 = 922.91 → 923
    expect(draft.lines[0]!.cameraSeconds).toBe(797_400)
    expect(draft.lines[0]!.amount).toBe(923)
    // k-all 475 200 s → 550.05, k-mid 322 200 s → 372.95 (floors 550 + 372, the unit to .95)
    expect(before!.map((share) => share.amount)).toEqual([550, 373])
    expect(after!.map((share) => share.camera)).toEqual(
      ['k-all', 'k-mid', 'k-back', 'k-back'].map((key) => cameraReference(key)),
    )
    expect(after!.find((share) => share.camera === cameraReference('k-trial'))).toBeUndefined()
  })
})
