/**
 * "Try a price change" (issue 17) through the API, with explicit dates and amounts in cents:
 * October 2026 (31 days, UTC) with a mid-month price change and a trial end, closed and issued;
 * simulating the prices as published reproduces the issued invoices; a price change gives the
 * expected deltas, sorted, with threshold crossings and CSV; access per role; publish, then the
 * November close bills the simulated amounts.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Payload } from 'payload'
import type pg from 'pg'
import { testPayload, testServer } from '../../helpers/app'
import { PASSWORD } from '../../helpers/world'
import { generateInvoices, issueInvoice } from '../../../src/invoicing'
import { simulatePriceChange } from '../../../src/pricing'
import { setClock } from '../../../src/clock'

let payload: Payload
let pool: pg.Pool
const tokens: Record<'admin' | 'accountant' | 'subscriber', string> = {
  admin: '',
  accountant: '',
  subscriber: '',
}
const ids: Record<string, number> = {}
const PERIOD = '2026-10'

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<any>
const login = async (email: string) => {
  const answer = await request(await testServer())
    .post('/api/users/login')
    .send({ email, password: PASSWORD })
  return `JWT ${answer.body.token}`
}
const post = async (path: string, token: string | null, body: unknown) => {
  const call = request(await testServer()).post(path)
  if (token) call.set('Authorization', token)
  return call.send(body as object)
}
async function usage(
  organization: number,
  subscription: number,
  key: string,
  from: string,
  to: string | null,
) {
  await pool.query(
    `insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at)
      values ($1, $2, $3, $4, $5, now(), now())`,
    [organization, subscription, key, from, to],
  )
}

beforeAll(async () => {
  setClock('2026-11-20T12:00:00Z') // October is closed everywhere, November is not
  payload = await testPayload()
  pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const archive7 = await create('services', {
    title: 'Archive 7 pricing',
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 300,
    currency: 'USD',
  })
  const archive14 = await create('services', {
    title: 'Archive 14 pricing',
    kind: 'continuous_archive',
    archiveDays: 14,
    price: 500,
    currency: 'USD',
  })
  const faces = await create('services', {
    title: 'Faces pricing',
    kind: 'analytics',
    analytics: 'faces',
    price: 400,
    currency: 'USD',
  })
  // Basic: the sum of its service, 300
  const basic = await create('subscriptions', { title: 'Basic 7 pricing', services: [archive7.id] })
  // Business: 900 (= 500 + 400) until 15 October, 1000 from 16 October: a mid-month price change
  const business = await create('subscriptions', {
    title: 'Business 14 + faces pricing',
    services: [archive14.id, faces.id],
    prices: [
      { from: '1970-01-01T00:00:00.000Z', amount: 900 },
      { from: '2026-10-16T00:00:00.000Z', amount: 1000 },
    ],
  })
  const alpha = await create('organizations', { title: 'Alpha pricing', currency: 'USD' })
  const gamma = await create('organizations', {
    title: 'Gamma pricing',
    currency: 'USD',
    parent: alpha.id,
    payer: 'parent',
  })
  // on trial until 11 October, 20 % tax
  const beta = await create('organizations', {
    title: 'Beta pricing',
    currency: 'USD',
    taxRateBp: 2000,
    trialEndsAt: '2026-10-11T00:00:00.000Z',
  })
  const delta = await create('organizations', { title: 'Delta pricing', currency: 'USD' })
  const subscriber = await create('users', {
    email: 'sub-pricing@example.test',
    login: 'sub-pricing',
    password: PASSWORD,
    role: 'subscriber',
  })
  await create('organizations', {
    title: 'Subscriber pricing',
    currency: 'USD',
    administrator: subscriber.id,
  })
  for (const role of ['admin', 'accountant'] as const)
    await create('users', {
      email: `${role}-pricing@example.test`,
      login: `${role}-pricing`,
      password: PASSWORD,
      role,
    })
  Object.assign(ids, {
    archive7: archive7.id,
    faces: faces.id,
    archive14: archive14.id,
    basic: basic.id,
    business: business.id,
    alpha: alpha.id,
    beta: beta.id,
    gamma: gamma.id,
    delta: delta.id,
  })
  // Alpha: two Basic cameras and one Business camera all month and on
  await usage(alpha.id, basic.id, 'p-a1', '2026-09-01T00:00:00Z', null)
  await usage(alpha.id, basic.id, 'p-a2', '2026-09-01T00:00:00Z', null)
  await usage(alpha.id, business.id, 'p-a3', '2026-09-01T00:00:00Z', null)
  // Gamma (on Alpha's invoice): a Basic camera from 21 October, 11 days
  await usage(gamma.id, basic.id, 'p-g1', '2026-10-21T00:00:00Z', '2026-11-01T00:00:00Z')
  // Beta: a Basic camera all month, billed from the trial end, 21 days
  await usage(beta.id, basic.id, 'p-b1', '2026-09-01T00:00:00Z', '2026-11-01T00:00:00Z')
  // Delta: one Basic camera all month and on
  await usage(delta.id, basic.id, 'p-d1', '2026-09-01T00:00:00Z', null)

  const closed = await generateInvoices(payload, { period: PERIOD })
  expect(closed.failed).toEqual([])
  for (const id of closed.created) await issueInvoice(payload, id)
  tokens.admin = await login('admin-pricing@example.test')
  tokens.accountant = await login('accountant-pricing@example.test')
  tokens.subscriber = await login('sub-pricing@example.test')
})

afterAll(() => setClock(undefined))

const issuedTotals = async () => {
  const { rows } = await pool.query<{ organization_id: number; total: string }>(
    `select organization_id, total from invoices where period = $1 and status = 'issued'`,
    [PERIOD],
  )
  return new Map(rows.map((row) => [Number(row.organization_id), Number(row.total)]))
}

describe('the closed month', () => {
  it('is issued with the amounts worked out by hand', async () => {
    // Alpha: Basic 2 × 300 = 600; Business 900 × 15/31 = 435.48 → 435 and 1000 × 16/31 = 516.13 → 516;
    // Gamma's Basic 300 × 11/31 = 106.45 → 106. Total 1657, no tax.
    // Beta: 300 × 21/31 = 203.23 → 203, tax 20 % 40.6 → 41, total 244. Delta: 300.
    expect(Object.fromEntries(await issuedTotals())).toEqual({
      [ids.alpha]: 1657,
      [ids.beta]: 244,
      [ids.delta]: 300,
    })
  })

  it('simulated with the prices as published, reproduces every issued invoice to the cent', async () => {
    const answer = await post('/api/pricing/simulate', tokens.accountant, {
      period: PERIOD,
      subscriptionPrices: [{ subscription: ids.basic, amount: 300, from: '1970-01-01' }],
    })
    expect(answer.status).toBe(200)
    const issued = await issuedTotals()
    expect(answer.body.organizations).toHaveLength(issued.size)
    for (const row of answer.body.organizations) {
      expect(row.totalBefore).toBe(issued.get(row.organization))
      expect(row.totalAfter).toBe(row.totalBefore)
      expect(row.invoiced).toBe(row.totalBefore)
      expect(row.delta).toBe(0)
    }
    expect(answer.body.currencies).toEqual([
      {
        currency: 'USD',
        organizations: 3,
        subtotalBefore: 1657 + 203 + 300,
        subtotalAfter: 1657 + 203 + 300,
        totalBefore: 2201,
        totalAfter: 2201,
        delta: 0,
        percent: '0.00',
      },
    ])
  })
})

describe('a price change', () => {
  const basicTo400 = {
    period: PERIOD,
    subscriptionPrices: [{ subscription: 0, amount: 400, from: '2026-11-01' }],
    thresholds: { USD: 300 },
  }

  it('Basic 7 from $3 to $4 next month: the deltas per organization, the largest first, and the threshold crossed', async () => {
    basicTo400.subscriptionPrices[0]!.subscription = ids.basic
    const answer = await post('/api/pricing/simulate', tokens.accountant, basicTo400)
    expect(answer.status).toBe(200)
    // tried on October from its first day: Alpha 2 × 400 + 435 + 516 + 400 × 11/31 (141.94 → 142) = 1893;
    // Beta 400 × 21/31 = 270.97 → 271, tax 54.2 → 54, total 325; Delta 400
    expect(answer.body.subscriptions).toEqual([
      {
        subscription: ids.basic,
        title: 'Basic 7 pricing',
        currency: 'USD',
        entries: [
          { from: '2026-11-01', simulatedFrom: '2026-10-01', amount: 400, source: 'subscription' },
        ],
      },
    ])
    expect(
      answer.body.organizations.map((row: any) => [
        row.organization,
        row.totalBefore,
        row.totalAfter,
        row.delta,
        row.percent,
      ]),
    ).toEqual([
      [ids.alpha, 1657, 1893, 236, '14.24'], // 236 / 1657 = 14.243 %
      [ids.delta, 300, 400, 100, '33.33'],
      [ids.beta, 244, 325, 81, '33.20'], // 81 / 244 = 33.197 %
    ])
    expect(answer.body.currencies[0]).toMatchObject({
      currency: 'USD',
      totalBefore: 2201,
      totalAfter: 2618,
      delta: 417,
      percent: '18.95', // 417 / 2201 = 18.946 %
    })
    // Beta goes from 2.44 to 3.25, across 3.00; Delta was at 3.00 already: not a crossing
    expect(answer.body.crossings).toEqual([
      {
        organization: ids.beta,
        title: 'Beta pricing',
        currency: 'USD',
        threshold: 300,
        totalBefore: 244,
        totalAfter: 325,
        direction: 'up',
      },
    ])
  })

  it('a mid-month change splits the lines at its day', async () => {
    const result = await simulatePriceChange(payload, {
      period: PERIOD,
      subscriptionPrices: [{ subscription: ids.basic, amount: 400, from: '2026-10-16' }],
      servicePrices: [],
      serviceSets: [],
      payersPerBatch: 1, // every payer its own page: the pages add up to the same
    })
    const byId = new Map(result.organizations.map((row) => [row.organization, row]))
    // Delta: 300 × 15/31 = 145.16 → 145, 400 × 16/31 = 206.45 → 206: 351
    expect(byId.get(ids.delta)!.totalAfter).toBe(351)
    // Beta: trial to 11 Oct, 300 × 5/31 = 48.39 → 48, 400 × 16/31 → 206; 254, tax 50.8 → 51: 305
    expect(byId.get(ids.beta)!.totalAfter).toBe(305)
  })

  it('a service price moves the subscriptions that follow their services, not one priced on its own', async () => {
    const result = await simulatePriceChange(payload, {
      period: PERIOD,
      subscriptionPrices: [],
      servicePrices: [
        { service: ids.archive7, amount: 350, from: '2026-10-01' },
        { service: ids.faces, amount: 300, from: '2026-10-01' },
      ],
      serviceSets: [],
    })
    // Basic (300 = its service) follows: 350 from 1 October; Business costs 900 on that day,
    // the sum of its services (500 + 400): it follows too, 800 from 1 October. The listed
    // 1000 from 16 October stays.
    expect(
      result.subscriptions.map((s) => [s.subscription, s.entries.map((e) => e.amount)]),
    ).toEqual([
      [ids.basic, [350]],
      [ids.business, [800]],
    ])
    const delta = result.organizations.find((row) => row.organization === ids.delta)!
    expect(delta.totalAfter).toBe(350)
  })

  it('answers the whole table as CSV', async () => {
    const answer = await request(await testServer())
      .post('/api/pricing/simulate?format=csv')
      .set('Authorization', tokens.admin)
      .send(basicTo400)
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toContain('text/csv')
    const lines = answer.text.trim().split('\n')
    expect(lines[0]).toBe(
      'organization_id,organization,currency,subtotal_before,subtotal_after,total_before,total_after,delta,percent,invoiced_total,threshold_crossed',
    )
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe(`${ids.beta},Beta pricing,USD,2.03,2.71,2.44,3.25,0.81,33.20,2.44,up`)
  })

  it('stores nothing: cancelling is not publishing', async () => {
    const { rows } = await pool.query(`select count(*)::int as n from price_changes`)
    expect(rows[0].n).toBe(0)
    const basic = await payload.findByID({ collection: 'subscriptions', id: ids.basic })
    expect(basic.prices?.map((price) => price.amount)).toEqual([300])
  })
})

describe('bad input and access', () => {
  const change = () => ({
    period: PERIOD,
    subscriptionPrices: [{ subscription: ids.basic, amount: 400, from: '2026-11-01' }],
  })

  it('401 without credentials, 403 for a subscriber', async () => {
    expect((await post('/api/pricing/simulate', null, change())).status).toBe(401)
    expect((await post('/api/pricing/publish', null, change())).status).toBe(401)
    const simulated = await post('/api/pricing/simulate', tokens.subscriber, change())
    expect(simulated.status).toBe(403)
    expect(simulated.body.errors[0].message).toBeTruthy()
    expect((await post('/api/pricing/publish', tokens.subscriber, change())).status).toBe(403)
  })

  it('the accountant simulates but may not publish', async () => {
    expect((await post('/api/pricing/simulate', tokens.accountant, change())).status).toBe(200)
    expect((await post('/api/pricing/publish', tokens.accountant, change())).status).toBe(403)
  })

  it.each([
    [{ period: '2026-13' }, 'period'],
    [{ period: '2026-11' }, 'period'], // not ended yet
    [
      { subscriptionPrices: [{ subscription: 999999, amount: 1, from: '2026-11-01' }] },
      'subscriptionPrices.0.subscription',
    ],
    [
      { subscriptionPrices: [{ subscription: 1, amount: 1.5, from: '2026-11-01' }] },
      'subscriptionPrices.0.amount',
    ],
    [
      { subscriptionPrices: [{ subscription: 1, amount: 100, from: '2026-02-30' }] },
      'subscriptionPrices.0.from',
    ],
    [{ subscriptionPrices: [] }, 'subscriptionPrices'],
    [{ thresholds: { XYZ: 5 } }, 'thresholds.XYZ'],
  ])('400 naming the field: %j', async (patch, field) => {
    const answer = await post('/api/pricing/simulate', tokens.admin, { ...change(), ...patch })
    expect(answer.status).toBe(400)
    expect(answer.body.errors[0].field).toBe(field)
  })
})

describe('publish', () => {
  it("makes the simulated price real in one step, recorded as the admin's change; November then bills the simulated amounts", async () => {
    const change = {
      subscriptionPrices: [{ subscription: ids.basic, amount: 400, from: '2026-11-01' }],
    }
    const simulated = await post('/api/pricing/simulate', tokens.admin, {
      period: PERIOD,
      ...change,
    })
    const published = await post('/api/pricing/publish', tokens.admin, change)
    expect(published.status).toBe(200)
    expect(published.body).toMatchObject({ subscriptions: [ids.basic], services: [] })

    const basic = await payload.findByID({ collection: 'subscriptions', id: ids.basic })
    expect(basic.prices?.map((price) => [price.from.slice(0, 10), price.amount])).toEqual([
      ['1970-01-01', 300],
      ['2026-11-01', 400],
    ])
    const record = await payload.findByID({
      collection: 'price-changes',
      id: published.body.priceChange,
      depth: 0,
    })
    const admin = await payload.find({
      collection: 'users',
      where: { email: { equals: 'admin-pricing@example.test' } },
    })
    expect(record.publishedBy).toBe(admin.docs[0]!.id)
    expect(record.change).toMatchObject(change)

    // November (30 days): Delta's camera and Alpha's two Basic cameras run all month
    const november = await generateInvoices(payload, { period: '2026-11' })
    expect(november.failed).toEqual([])
    const { rows } = await pool.query<{ organization_id: number; total: string }>(
      `select organization_id, total from invoices where period = '2026-11'`,
    )
    const novemberTotals = new Map(
      rows.map((row) => [Number(row.organization_id), Number(row.total)]),
    )
    const simulatedDelta = simulated.body.organizations.find(
      (row: any) => row.organization === ids.delta,
    )
    expect(novemberTotals.get(ids.delta)).toBe(simulatedDelta.totalAfter)
    expect(simulatedDelta.totalAfter).toBe(400)
    const { rows: lines } = await pool.query<{ amount: string }>(
      `select l.amount from invoices_lines l join invoices i on i.id = l._parent_id
        where i.period = '2026-11' and i.organization_id = $1 and l.subscription_id = $2 and l.organization_id = $1`,
      [ids.alpha, ids.basic],
    )
    expect(lines.map((line) => Number(line.amount))).toEqual([800])
  })

  it('a service price is published on the service; Basic, now priced on its own at 4.00, keeps its prices', async () => {
    const answer = await post('/api/pricing/publish', tokens.admin, {
      servicePrices: [{ service: ids.archive7, amount: 350, from: '2027-01-01' }],
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ services: [ids.archive7], subscriptions: [] })
    const service = await payload.findByID({ collection: 'services', id: ids.archive7 })
    expect(service.price).toBe(350)
    const basic = await payload.findByID({ collection: 'subscriptions', id: ids.basic })
    expect(basic.prices?.map((price) => price.amount)).toEqual([300, 400])
  })

  it('a new service set publishes the services and the price its services add up to', async () => {
    const answer = await post('/api/pricing/publish', tokens.admin, {
      serviceSets: [{ subscription: ids.business, services: [ids.archive14], from: '2026-12-01' }],
    })
    expect(answer.status).toBe(200)
    const business = await payload.findByID({
      collection: 'subscriptions',
      id: ids.business,
      depth: 0,
    })
    expect(business.services).toEqual([ids.archive14])
    // it costs 1000 from 16 October, not the 900 its services add up to: priced on its own, it keeps its prices
    expect(business.prices?.map((price) => price.amount)).toEqual([900, 1000])
  })
})
