/**
 * The operator dashboard's figures, computed in SQL: revenue per billing month (issued and paid,
 * never drafts or void), cameras per subscription now and per UTC day, sync health, invoices
 * awaiting issue and overdue; and who gets what (admin, accountant, subscriber). Explicit dates in
 * 2033 and amounts in CHF minor units keep these figures apart from other test files' data.
 */
import type { Payload } from 'payload'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPayload } from '../helpers/app'
import { PASSWORD } from '../helpers/world'
import { poolOf } from '../../src/db/pool'
import {
  camerasDaily,
  camerasNow,
  failedSyncs,
  invoiceAttention,
  jobHealth,
  lastDays,
  lastMonths,
  loadDashboard,
  revenueByMonth,
} from '../../src/dashboard'
import { issueInvoice, payInvoice, voidInvoice } from '../../src/invoicing'

const tag = `dash-${Date.now().toString(36)}`
const NOW = new Date('2033-03-15T12:00:00.000Z')
const CURRENCY = 'CHF'
// appears only in camera keys: finding it in the dashboard's data would be a leak
const cameraToken = `camkey${Date.now().toString(36)}`

let payload: Payload
let pool: pg.Pool
const ids = { basic: 0, premium: 0, orgA: 0, orgB: 0, orgC: 0 }
const users = {} as Record<
  'admin' | 'accountant' | 'subscriber',
  { id: number } & Record<string, unknown>
>
const created = { usageCollection: 0, reconcile: 0, jobs: [] as number[] }

const create = (collection: string, data: Record<string, unknown>) =>
  (payload.create as any)({ collection, data }) as Promise<{ id: number } & Record<string, any>>

async function invoice(organization: number, period: string, total: number) {
  return (
    await create('invoices', {
      organization,
      period,
      currency: CURRENCY,
      subtotal: total,
      tax: 0,
      total,
    })
  ).id
}

async function usage(subscription: number, label: string, from: string, to: string | null) {
  await create('camera-usage', {
    organization: ids.orgA,
    subscription,
    cameraKey: `${cameraToken}-${label}`,
    from,
    ...(to ? { to } : {}),
  })
}

beforeAll(async () => {
  payload = await testPayload()
  pool = poolOf(payload)
  const service = await create('services', {
    title: `Archive ${tag}`,
    kind: 'continuous_archive',
    archiveDays: 7,
    price: 1000,
    currency: CURRENCY,
  })
  ids.basic = (
    await create('subscriptions', {
      title: `Basic ${tag}`,
      currency: CURRENCY,
      services: [service.id],
    })
  ).id
  ids.premium = (
    await create('subscriptions', {
      title: `Premium ${tag}`,
      currency: CURRENCY,
      services: [service.id],
    })
  ).id
  for (const key of ['orgA', 'orgB', 'orgC'] as const) {
    ids[key] = (await create('organizations', { title: `${key} ${tag}`, currency: CURRENCY })).id
  }
  for (const role of ['admin', 'accountant', 'subscriber'] as const) {
    users[role] = (await payload.create({
      collection: 'users',
      data: {
        email: `${role}-${tag}@example.test`,
        login: `${role}-${tag}`,
        password: PASSWORD,
        role,
      },
    })) as never
  }

  // Revenue, window 2032-04 .. 2033-03 for NOW
  const decemberA = await invoice(ids.orgA, '2032-12', 10_000)
  await issueInvoice(payload, decemberA, { now: new Date('2033-01-03T09:00:00Z') })
  await payInvoice(payload, decemberA, {
    paidAt: new Date('2033-01-10T09:00:00Z'),
    now: new Date('2033-01-10T09:00:00Z'),
  })
  const januaryA = await invoice(ids.orgA, '2033-01', 2_500) // due 2033-02-17: overdue at NOW
  await issueInvoice(payload, januaryA, { now: new Date('2033-02-03T09:00:00Z') })
  // partly paid: 2 000 of its 2 500 is still due, and only that is overdue
  await create('payments', {
    organization: ids.orgA,
    amount: 500,
    currency: CURRENCY,
    method: 'bank_transfer',
    date: '2033-03-01T00:00:00Z',
  })
  const januaryB = await invoice(ids.orgB, '2033-01', 1_234) // due 2033-03-24: not yet overdue
  await issueInvoice(payload, januaryB, { now: new Date('2033-03-10T09:00:00Z') })
  await invoice(ids.orgA, '2033-02', 700) // a draft: awaiting issue, not revenue
  const voided = await invoice(ids.orgB, '2033-02', 5_000) // issued, then void: not revenue
  await issueInvoice(payload, voided, { now: new Date('2033-03-02T09:00:00Z') })
  await voidInvoice(payload, voided, { now: new Date('2033-03-03T09:00:00Z') })
  const tooOld = await invoice(ids.orgC, '2032-03', 999) // before the 12-month window
  await issueInvoice(payload, tooOld, { now: new Date('2032-04-03T09:00:00Z') })

  // Cameras: the 30 days are 2033-02-14 .. 2033-03-15 (UTC)
  await usage(ids.basic, 'always', '2033-01-01T00:00:00Z', null) // every day, and open now
  await usage(ids.basic, 'two-days', '2033-03-10T08:00:00Z', '2033-03-12T00:00:00Z') // 10 and 11 March
  await usage(ids.premium, 'before', '2033-02-01T00:00:00Z', '2033-02-14T00:00:00Z') // ends as the window starts
  await usage(ids.premium, 'one-hour', '2033-03-01T10:00:00Z', '2033-03-01T11:00:00Z') // 1 March only
  await usage(ids.premium, 'future', '2033-03-16T00:00:00Z', '2033-03-17T00:00:00Z') // after NOW
})

afterAll(async () => {
  if (created.usageCollection)
    await pool.query('delete from usage_collections where id = $1', [created.usageCollection])
  if (created.reconcile)
    await pool.query('delete from reconcile_reports where id = $1', [created.reconcile])
  if (created.jobs.length)
    await pool.query('delete from payload_jobs where id = any($1)', [created.jobs])
  // the far-future intervals would show in other files' "cameras now"
  await pool.query('delete from camera_usage where camera_key like $1', [`${cameraToken}-%`])
})

describe('windows', () => {
  it('counts the last 12 months and the last 30 UTC days back from the given instant', () => {
    expect(lastMonths(3, new Date('2033-01-31T23:59:59Z'))).toEqual([
      '2032-11',
      '2032-12',
      '2033-01',
    ])
    expect(lastMonths(12, NOW)[0]).toBe('2032-04')
    const days = lastDays(30, NOW)
    expect(days).toHaveLength(30)
    expect(days[0]).toBe('2033-02-14')
    expect(days[29]).toBe('2033-03-15')
    expect(lastDays(2, new Date('2033-03-01T00:30:00Z'))).toEqual(['2033-02-28', '2033-03-01'])
  })
})

describe('revenue per month', () => {
  it('sums issued and paid invoices by billing month, leaving out drafts, void invoices and older months', async () => {
    const revenue = await revenueByMonth(pool, NOW)
    expect(revenue.months).toHaveLength(12)
    expect(revenue.months[11]).toBe('2033-03')
    const chf = revenue.series.find((series) => series.currency === CURRENCY)!
    const at = (month: string) => revenue.months.indexOf(month)
    expect(chf.paid[at('2032-12')]).toBe(10_000)
    expect(chf.issued[at('2032-12')]).toBe(0)
    expect(chf.issued[at('2033-01')]).toBe(3_734)
    expect(chf.paid[at('2033-01')]).toBe(0)
    expect(chf.issued[at('2033-02')]).toBe(0) // the draft and the void invoice
    expect(chf.paid.reduce((a, b) => a + b, 0)).toBe(10_000)
    expect(chf.issued.reduce((a, b) => a + b, 0)).toBe(3_734)
    expect(chf.paid.every(Number.isSafeInteger) && chf.issued.every(Number.isSafeInteger)).toBe(
      true,
    )
  })
})

describe('invoices needing attention', () => {
  it('counts drafts and issued invoices past their due date at the given instant, summed per currency', async () => {
    const attention = await invoiceAttention(pool, NOW)
    expect(attention.drafts.totals.find((entry) => entry.currency === CURRENCY)?.amount).toBe(700)
    // January A's amount due (2 500 less the 500 paid), and the invoice of March 2032 (unpaid for
    // a year: overdue, however old)
    expect(attention.overdue.totals.find((entry) => entry.currency === CURRENCY)?.amount).toBe(
      2_000 + 999,
    )
    // a day after January B's due date it is overdue too
    const later = await invoiceAttention(pool, new Date('2033-03-25T00:00:00Z'))
    expect(later.overdue.totals.find((entry) => entry.currency === CURRENCY)?.amount).toBe(
      2_000 + 999 + 1_234,
    )
    expect(later.overdue.count - attention.overdue.count).toBe(1)
  })
})

describe('cameras', () => {
  it('counts open intervals per subscription now', async () => {
    const rows = (await camerasNow(pool)).filter(
      (row) => row.subscription === ids.basic || row.subscription === ids.premium,
    )
    // every premium interval is closed
    expect(rows).toEqual([{ subscription: ids.basic, title: `Basic ${tag}`, cameras: 1 }])
  })

  it('counts cameras billable during each UTC day of the last 30, per subscription', async () => {
    const daily = await camerasDaily(pool, NOW)
    expect(daily.days).toHaveLength(30)
    const basic = daily.series.find((series) => series.subscription === ids.basic)!
    const premium = daily.series.find((series) => series.subscription === ids.premium)!
    const at = (day: string) => daily.days.indexOf(day)
    expect(basic.title).toBe(`Basic ${tag}`)
    expect(basic.cameras[at('2033-02-14')]).toBe(1)
    expect(basic.cameras[at('2033-03-09')]).toBe(1)
    expect(basic.cameras[at('2033-03-10')]).toBe(2)
    expect(basic.cameras[at('2033-03-11')]).toBe(2)
    expect(basic.cameras[at('2033-03-12')]).toBe(1) // closed at midnight: not on the 12th
    expect(basic.cameras[at('2033-03-15')]).toBe(1)
    expect(premium.cameras.reduce((a, b) => a + b, 0)).toBe(1)
    expect(premium.cameras[at('2033-03-01')]).toBe(1)
  })
})

describe('sync health', () => {
  it('counts pending sync jobs, failed jobs and documents that failed to reach Watcher', async () => {
    const before = await jobHealth(pool)
    const failedBefore = await failedSyncs(pool)
    const { rows } = await pool.query<{ id: number }>(
      `insert into payload_jobs (task_slug, queue, has_error, completed_at, total_tried)
       values ('watcher-sync', 'watcher', false, null, 0), ('watcher-sync', 'watcher', true, now(), 10),
              ('watcher-sync', 'watcher', false, now(), 1)
       returning id`,
    )
    created.jobs.push(...rows.map((row) => Number(row.id)))
    await pool.query(`update subscriptions set watcher_status = 'failed' where id = $1`, [
      ids.premium,
    ])
    const after = await jobHealth(pool)
    expect(after.pendingSync - before.pendingSync).toBe(1)
    expect(after.failed - before.failed).toBe(1)
    const failedAfter = await failedSyncs(pool)
    const count = (list: typeof failedAfter, collection: string) =>
      list.find((entry) => entry.collection === collection)!.count
    expect(count(failedAfter, 'subscriptions') - count(failedBefore, 'subscriptions')).toBe(1)
    expect(count(failedAfter, 'users')).toBe(count(failedBefore, 'users'))
  })
})

describe('who sees what', () => {
  beforeAll(async () => {
    const collection = await pool.query<{ id: number }>(
      `insert into usage_collections (outcome, summary, cameras, unbilled, created_at, updated_at)
       values ('done', 'test', 12, 3, '2033-03-15T11:00:00Z', '2033-03-15T11:00:00Z') returning id`,
    )
    created.usageCollection = Number(collection.rows[0]!.id)
    const report = await pool.query<{ id: number }>(
      `insert into reconcile_reports (outcome, summary, created_at, updated_at)
       values ('drift', '1 repaired', '2033-03-15T03:00:00Z', '2033-03-15T03:00:00Z') returning id`,
    )
    created.reconcile = Number(report.rows[0]!.id)
  })

  it('gives the admin everything, with links to camera records and the job queue', async () => {
    const data = (await loadDashboard(payload, users.admin as never, { now: NOW }))!
    expect(data.now).toBe(NOW.toISOString())
    expect(data.cameraDetail).toBe(true)
    expect(data.jobsReadable).toBe(true)
    expect(data.lastUsage).toMatchObject({
      id: created.usageCollection,
      outcome: 'done',
      unbilled: 3,
    })
    expect(data.lastReconcile).toMatchObject({
      id: created.reconcile,
      outcome: 'drift',
      summary: '1 repaired',
    })
    expect(data.revenue.series.find((series) => series.currency === CURRENCY)?.paid).toContain(
      10_000,
    )
  })

  it('gives the accountant the same figures as counts, without camera-level links', async () => {
    const admin = (await loadDashboard(payload, users.admin as never, { now: NOW }))!
    const accountant = (await loadDashboard(payload, users.accountant as never, { now: NOW }))!
    expect(accountant.cameraDetail).toBe(false)
    expect(accountant.jobsReadable).toBe(false)
    const figures = (data: typeof admin) => ({
      ...data,
      cameraDetail: undefined,
      jobsReadable: undefined,
    })
    expect(figures(accountant)).toEqual(figures(admin))
  })

  it('never carries a camera key, for anyone', async () => {
    for (const role of ['admin', 'accountant'] as const) {
      const data = await loadDashboard(payload, users[role] as never, { now: NOW })
      expect(JSON.stringify(data)).not.toContain(cameraToken)
    }
  })

  it('gives a subscriber, or nobody, nothing', async () => {
    expect(await loadDashboard(payload, users.subscriber as never, { now: NOW })).toBeNull()
    expect(await loadDashboard(payload, null, { now: NOW })).toBeNull()
  })
})
