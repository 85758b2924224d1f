/**
 * "Cost so far this month" on the portal dashboard: the invoice's own arithmetic on the usage up
 * to now, with explicit dates and amounts. November 2026 in UTC has 30 days (2 592 000 s).
 */
import type { Payload } from 'payload'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { testPayload } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import type {
  OrganizationTerms,
  SubscriptionTerms,
  UsageInterval,
} from '../../../src/billing/invoiceAssembly'
import type { Organization, User } from '../../../src/payload-types'
import {
  dashboardPeriod,
  estimateCostSoFar,
  organizationCostSoFar,
  organizationDashboard,
  readableOrganizations,
} from '../../../src/portal'
import { setClock } from '../../../src/clock'

const NOW = new Date('2026-11-16T00:00:00Z')
const at = (iso: string) => new Date(iso)

const payerTerms: OrganizationTerms = {
  id: 1,
  title: 'Payer',
  payer: 'self',
  parentId: null,
  trialEndsAt: null,
  timeZone: 'UTC',
  taxRateBp: 2000,
  currency: 'USD',
}
const subsidiaryTerms: OrganizationTerms = {
  ...payerTerms,
  id: 2,
  title: 'Subsidiary',
  payer: 'parent',
  parentId: 1,
}
const flat: SubscriptionTerms = {
  id: 10,
  title: 'Flat',
  currency: 'USD',
  prices: [{ from: '2026-01-01', amount: 3000 }],
}
const stepped: SubscriptionTerms = {
  id: 11,
  title: 'Stepped',
  currency: 'USD',
  prices: [
    { from: '2026-01-01', amount: 1000 },
    { from: '2026-11-11', amount: 4000 },
  ],
}

const interval = (
  organizationId: number,
  subscriptionId: number,
  from: string,
  to: string | null,
): UsageInterval => ({
  organizationId,
  subscriptionId,
  cameraKey: `${organizationId}-${subscriptionId}-${from}`,
  from: at(from),
  to: to ? at(to) : null,
})

const intervals: UsageInterval[] = [
  interval(1, 10, '2026-11-01T00:00:00Z', null), // 15 days of 30 at 30.00 → 15.00
  interval(1, 10, '2026-10-20T00:00:00Z', '2026-11-06T00:00:00Z'), // 5 days → 5.00
  interval(1, 10, '2026-11-14T00:00:00Z', '2026-11-25T00:00:00Z'), // ends after now: 2 days → 2.00
  interval(1, 10, '2026-11-20T00:00:00Z', null), // starts after now: nothing
  interval(1, 11, '2026-11-01T00:00:00Z', null), // 10 days at 10.00 → 3.33, then 5 days at 40.00 → 6.67
  interval(2, 10, '2026-11-11T00:00:00Z', null), // the subsidiary: 5 days → 5.00
]

describe('estimateCostSoFar (pure)', () => {
  const terms = {
    organizations: new Map([
      [1, payerTerms],
      [2, subsidiaryTerms],
    ]),
    subscriptions: new Map([
      [10, flat],
      [11, stepped],
    ]),
  }

  it("prices the payer's usage up to now as its invoice would: per line half-up, then tax", () => {
    const estimate = estimateCostSoFar({ organizationId: 1, now: NOW, intervals, ...terms })
    // 1500 + 500 + 200 + 333 + 667 + 500 (the subsidiary, on this invoice) = 3700; tax 20 % = 740
    expect(estimate).toMatchObject({
      period: '2026-11',
      currency: 'USD',
      basis: 'invoice',
      payerId: 1,
      subtotal: 3700,
      tax: 740,
      total: 4440,
    })
    expect(estimate.cameraSeconds).toBe((15 + 5 + 2 + 15 + 5) * 86_400)
  })

  it("a subsidiary billed to its parent sees its share of the parent's invoice, before tax", () => {
    const estimate = estimateCostSoFar({ organizationId: 2, now: NOW, intervals, ...terms })
    expect(estimate).toMatchObject({
      basis: 'share',
      payerId: 1,
      subtotal: 500,
      tax: 0,
      total: 500,
    })
  })

  it("follows the payer's timezone for the month", () => {
    const berlin = new Map([[1, { ...payerTerms, timeZone: 'Europe/Berlin' }]])
    // 23:30 UTC on 30 November is already December in Berlin: nothing of December has run yet
    const estimate = estimateCostSoFar({
      organizationId: 1,
      now: at('2026-11-30T23:30:00Z'),
      organizations: berlin,
      subscriptions: terms.subscriptions,
      intervals: [interval(1, 10, '2026-11-01T00:00:00Z', null)],
    })
    expect(estimate.period).toBe('2026-12')
    // 30 minutes of December (31 days) at 30.00: 3000 × 1800 / 2 678 400 = 2.016… → 2
    expect(estimate.subtotal).toBe(2)
  })
})

describe('organizationCostSoFar (Local API as the signed-in user)', () => {
  const tag = `csf-${Date.now().toString(36)}`
  let payload: Payload
  let parent: Organization
  let subsidiary: Organization
  const users: Record<string, User> = {}

  beforeAll(async () => {
    payload = await testPayload()
    const create = (collection: string, data: Record<string, unknown>) =>
      (payload.create as any)({ collection, data }) as Promise<any>
    const user = (login: string) =>
      create('users', {
        login: `${login}-${tag}`,
        email: `${login}-${tag}@example.test`,
        password: PASSWORD,
        role: 'subscriber',
      })
    const administrator = await user('admin')
    const service = await create('services', {
      title: `Archive ${tag}`,
      kind: 'continuous_archive',
      archiveDays: 7,
      price: 3000,
      currency: 'USD',
    })
    const flatPlan = await create('subscriptions', {
      title: `Flat ${tag}`,
      currency: 'USD',
      services: [service.id],
      prices: [{ from: '2026-01-01', amount: 3000 }],
    })
    const steppedPlan = await create('subscriptions', {
      title: `Stepped ${tag}`,
      currency: 'USD',
      services: [service.id],
      prices: [
        { from: '2026-01-01', amount: 1000 },
        { from: '2026-11-11', amount: 4000 },
      ],
    })
    parent = await create('organizations', {
      title: `Parent ${tag}`,
      administrator: administrator.id,
      taxRateBp: 2000,
      currency: 'USD',
      timezone: 'UTC',
      availableSubscriptions: [flatPlan.id, steppedPlan.id],
    })
    subsidiary = await create('organizations', {
      title: `Subsidiary ${tag}`,
      parent: parent.id,
      payer: 'parent',
      currency: 'USD',
      availableSubscriptions: [flatPlan.id],
    })
    const member = await user('member')
    await payload.update({
      collection: 'users',
      id: member.id,
      data: { memberships: [{ organization: parent.id }] },
    })
    const subsidiaryMember = await user('sub-member')
    await payload.update({
      collection: 'users',
      id: subsidiaryMember.id,
      data: { memberships: [{ organization: subsidiary.id }] },
    })
    const ids = { 1: parent.id, 2: subsidiary.id, 10: flatPlan.id, 11: steppedPlan.id } as Record<
      number,
      number
    >
    for (const [index, usage] of intervals.entries()) {
      await create('camera-usage', {
        organization: ids[usage.organizationId],
        subscription: ids[usage.subscriptionId],
        cameraKey: `${tag}-${index}`,
        from: usage.from.toISOString(),
        to: usage.to?.toISOString() ?? null,
      })
    }
    for (const [key, doc] of Object.entries({ administrator, member, subsidiaryMember })) {
      users[key] = (await payload.findByID({ collection: 'users', id: doc.id, depth: 0 })) as User
    }
  })

  it("the parent's administrator sees the whole invoice so far", async () => {
    const result = await organizationCostSoFar(payload, users.administrator!, parent, NOW)
    expect(result.estimate).toMatchObject({
      basis: 'invoice',
      subtotal: 3700,
      tax: 740,
      total: 4440,
    })
    expect(result).toMatchObject({ hiddenOrganizations: 0 })
  })

  it("a plain member of the parent does not see the subsidiary's usage: left out and said so", async () => {
    const result = await organizationCostSoFar(payload, users.member!, parent, NOW)
    expect(result.estimate).toMatchObject({ subtotal: 3200, tax: 640, total: 3840 })
    expect(result).toMatchObject({ hiddenOrganizations: 1 })
  })

  it("the subsidiary's member sees its share", async () => {
    const result = await organizationCostSoFar(payload, users.subsidiaryMember!, subsidiary, NOW)
    expect(result.estimate).toMatchObject({ basis: 'share', subtotal: 500, total: 500 })
  })

  it('the dashboard takes its figures from what the estimate read, with one read of camera usage, whatever the timezones', async () => {
    // the subsidiary's month (Tokyo) begins 9 hours before its payer's (UTC): a camera that
    // stopped in between counts on its dashboard, not on the invoice
    const tokyo = (await payload.update({
      collection: 'organizations',
      id: subsidiary.id,
      data: { timezone: 'Asia/Tokyo' },
    })) as Organization
    const between = await (payload.create as any)({
      collection: 'camera-usage',
      data: {
        organization: subsidiary.id,
        subscription: (parent.availableSubscriptions as any[]).map((s) => s.id ?? s)[0],
        cameraKey: `${tag}-between`,
        from: '2026-10-31T10:00:00Z',
        to: '2026-10-31T20:00:00Z',
      },
    })
    setClock(NOW)
    const find = vi.spyOn(payload, 'find')
    try {
      for (const [who, organization] of [
        ['administrator', parent],
        ['member', parent],
        ['administrator', tokyo],
        ['subsidiaryMember', tokyo],
      ] as const) {
        const user = users[who]!
        const readable = (await readableOrganizations(payload, user)).map((o) => o.id)
        find.mockClear()
        const cost = await organizationCostSoFar(payload, user, organization, NOW, {
          readable,
          alsoSince: dashboardPeriod(organization, NOW).start,
        })
        const shared = await organizationDashboard(payload, user, organization, cost.usage)
        const reads = find.mock.calls.map(([options]) => options.collection)
        expect(reads.filter((collection) => collection === 'camera-usage')).toHaveLength(1)
        expect(reads).not.toContain('organizations')
        // the same as the dashboard and the estimate each reading for themselves
        expect(shared).toEqual(await organizationDashboard(payload, user, organization))
        const { usage: _usage, ...estimate } = cost
        const { usage: _aloneUsage, ...alone } = await organizationCostSoFar(
          payload,
          user,
          organization,
          NOW,
        )
        expect(estimate).toEqual(alone)
      }
      // the Tokyo dashboard counts the camera that stopped before the payer's month began
      const own = await organizationDashboard(payload, users.subsidiaryMember!, tokyo)
      expect(own.cameraDays).toBeGreaterThan(
        (
          await organizationDashboard(payload, users.subsidiaryMember!, {
            ...tokyo,
            timezone: 'UTC',
          })
        ).cameraDays,
      )
    } finally {
      find.mockRestore()
      setClock(undefined)
      await payload.delete({ collection: 'camera-usage', id: between.id })
      await payload.update({
        collection: 'organizations',
        id: subsidiary.id,
        data: { timezone: 'UTC' },
      })
    }
  })
})
