import type { Payload, TypedUser } from 'payload'
import type pg from 'pg'
import { hasRole, isStaff } from '../access/roles'
import { overdueSummary, type OverdueSummary } from '../billing/overdue'
import { now as clockNow } from '../clock'
import { poolOf } from '../db'

/**
 * What the operator dashboard shows, computed on the server. Aggregates run as plain SQL on
 * Payload's pool (one query each, no document rows loaded); nothing here ever selects a camera
 * key, so the results are counts and sums only.
 */

const DAY_MS = 86_400_000

/** YYYY-MM of a date in UTC. */
const monthOf = (date: Date) => date.toISOString().slice(0, 7)

/** The last `count` months ending with the one of `now`, oldest first, written YYYY-MM (UTC). */
export function lastMonths(count: number, now: Date): string[] {
  const months: string[] = []
  for (let back = count - 1; back >= 0; back--) {
    months.push(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))))
  }
  return months
}

/** The last `count` UTC days ending with the one of `now`, oldest first, written YYYY-MM-DD. */
export function lastDays(count: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Array.from({ length: count }, (_, index) =>
    new Date(today - (count - 1 - index) * DAY_MS).toISOString().slice(0, 10),
  )
}

export interface RevenueSeries {
  currency: string
  /** Minor units per month (aligned with `months`): invoices issued and not yet paid. */
  issued: number[]
  /** Minor units per month: invoices paid. */
  paid: number[]
}

export interface Revenue {
  months: string[]
  series: RevenueSeries[]
}

/**
 * Issued and paid invoice totals per billing period (the invoice's month, in the payer's time
 * zone) for the last `count` months, one series per currency. Drafts and void invoices are left
 * out: they are not revenue.
 */
export async function revenueByMonth(pool: pg.Pool, now: Date, count = 12): Promise<Revenue> {
  const months = lastMonths(count, now)
  const { rows } = await pool.query<{
    period: string
    currency: string
    status: 'issued' | 'paid'
    total: string
  }>(
    `select period, currency, status, sum(total) as total from invoices
      where status in ('issued', 'paid') and period >= $1 and period <= $2
      group by 1, 2, 3`,
    [months[0], months[months.length - 1]],
  )
  const byCurrency = new Map<string, RevenueSeries>()
  for (const row of rows) {
    const series = byCurrency.get(row.currency) ?? {
      currency: row.currency,
      issued: months.map(() => 0),
      paid: months.map(() => 0),
    }
    series[row.status][months.indexOf(row.period)] += Number(row.total)
    byCurrency.set(row.currency, series)
  }
  return {
    months,
    series: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  }
}

export interface CamerasNowRow {
  subscription: number
  title: string
  cameras: number
}

/** Billable cameras right now (open usage intervals) per subscription, most cameras first. */
export async function camerasNow(pool: pg.Pool): Promise<CamerasNowRow[]> {
  const { rows } = await pool.query<{ subscription: number; title: string; cameras: string }>(
    `select u.subscription_id as subscription, s.title, count(*) as cameras
       from camera_usage u join subscriptions s on s.id = u.subscription_id
      where u."to" is null group by 1, 2 order by 3 desc, 2`,
  )
  return rows.map((row) => ({
    subscription: Number(row.subscription),
    title: row.title,
    cameras: Number(row.cameras),
  }))
}

export interface CamerasDaily {
  days: string[]
  series: { subscription: number; title: string; cameras: number[] }[]
}

/**
 * Cameras billable at some time of each UTC day of the last `count` days (today included), per
 * subscription. One pass over the intervals that touch the window: each adds +1 on its first day
 * and -1 after its last, and a running sum gives the days in between.
 */
export async function camerasDaily(pool: pg.Pool, now: Date, count = 30): Promise<CamerasDaily> {
  const days = lastDays(count, now)
  const start = new Date(`${days[0]}T00:00:00.000Z`)
  const stop = new Date(
    Math.min(now.getTime(), Date.parse(`${days[days.length - 1]}T00:00:00.000Z`) + DAY_MS),
  )
  const { rows } = await pool.query<{
    subscription: number
    title: string
    day: string
    delta: string
  }>(
    `with spans as (
       select subscription_id, greatest(u."from", $1::timestamptz) as f, least(coalesce(u."to", $2::timestamptz), $2::timestamptz) as t
         from camera_usage u
        where u."from" < $2 and (u."to" is null or u."to" > $1)
     ), steps as (
       select subscription_id, (f at time zone 'UTC')::date as day, 1 as delta from spans where t > f
       union all
       select subscription_id, ((t - interval '1 millisecond') at time zone 'UTC')::date + 1, -1 from spans where t > f
     )
     select st.subscription_id as subscription, s.title, to_char(st.day, 'YYYY-MM-DD') as day, sum(st.delta) as delta
       from steps st join subscriptions s on s.id = st.subscription_id
      group by 1, 2, 3 order by 2, 1, 3`,
    [start, stop],
  )
  const bySubscription = new Map<
    number,
    { subscription: number; title: string; steps: Map<string, number> }
  >()
  for (const row of rows) {
    const id = Number(row.subscription)
    const entry = bySubscription.get(id) ?? { subscription: id, title: row.title, steps: new Map() }
    entry.steps.set(row.day, Number(row.delta))
    bySubscription.set(id, entry)
  }
  const series = [...bySubscription.values()].map(({ subscription, title, steps }) => {
    let running = 0
    return { subscription, title, cameras: days.map((day) => (running += steps.get(day) ?? 0)) }
  })
  return { days, series }
}

export interface JobHealth {
  /** Sync jobs waiting to run or to be retried. */
  pendingSync: number
  /** Jobs of any task that gave up (they are not retried). */
  failed: number
}

export async function jobHealth(pool: pg.Pool): Promise<JobHealth> {
  const { rows } = await pool.query<{ pending: string; failed: string }>(
    `select count(*) filter (where task_slug = 'watcher-sync' and completed_at is null and has_error is not true) as pending,
            count(*) filter (where has_error) as failed
       from payload_jobs`,
  )
  return { pendingSync: Number(rows[0]?.pending ?? 0), failed: Number(rows[0]?.failed ?? 0) }
}

export interface FailedSync {
  collection: 'subscriptions' | 'organizations' | 'users'
  count: number
}

/** Documents whose last delivery to Watcher failed for good. */
export async function failedSyncs(pool: pg.Pool): Promise<FailedSync[]> {
  const { rows } = await pool.query<{ collection: FailedSync['collection']; count: string }>(
    `select 'subscriptions' as collection, count(*) from subscriptions where watcher_status = 'failed'
     union all select 'organizations', count(*) from organizations where watcher_status = 'failed'
     union all select 'users', count(*) from users where watcher_status = 'failed'`,
  )
  return rows.map((row) => ({ collection: row.collection, count: Number(row.count) }))
}

export type AmountsByCurrency = OverdueSummary

export interface InvoiceAttention {
  /** Drafts waiting to be issued: their totals. */
  drafts: AmountsByCurrency
  /** Invoices overdue at `now` (billing/overdue.ts): their amounts due, not their totals. */
  overdue: AmountsByCurrency
}

export async function invoiceAttention(pool: pg.Pool, now: Date): Promise<InvoiceAttention> {
  const drafts = await pool.query<{ currency: string; count: string; amount: string }>(
    `select currency, count(*) as count, sum(total) as amount from invoices where status = 'draft' group by 1 order by 1`,
  )
  // the candidates by the indexed columns; which are overdue and by how much is overdue.ts's rule
  const pastDue = await pool.query<{
    status: string
    due_at: Date
    amount_due: string | null
    total: string | null
    currency: string
  }>(
    `select status, due_at, amount_due, total, currency from invoices where status = 'issued' and due_at < $1`,
    [now],
  )
  const amount = (value: string | null) => (value === null ? null : Number(value))
  return {
    drafts: {
      count: drafts.rows.reduce((sum, row) => sum + Number(row.count), 0),
      totals: drafts.rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) })),
    },
    overdue: overdueSummary(
      pastDue.rows.map((row) => ({
        status: row.status,
        dueAt: row.due_at,
        amountDue: amount(row.amount_due),
        total: amount(row.total),
        currency: row.currency,
      })),
      now,
    ),
  }
}

export interface LastReconcile {
  id: number
  outcome: string
  summary: string | null
  createdAt: string
}

export interface LastUsageCollection {
  id: number
  outcome: string
  unbilled: number
  createdAt: string
}

/** The newest row of a run log (reconciliation reports, usage collections), or undefined. */
async function newestRun<Row extends { id: number; outcome: string; created_at: Date }>(
  pool: pg.Pool,
  table: 'reconcile_reports' | 'usage_collections',
  column: 'summary' | 'unbilled',
): Promise<Row | undefined> {
  const { rows } = await pool.query<Row>(
    `select id, outcome, ${column}, created_at from ${table} order by created_at desc, id desc limit 1`,
  )
  return rows[0]
}

async function lastReconcile(pool: pg.Pool): Promise<LastReconcile | null> {
  const row = await newestRun<{
    id: number
    outcome: string
    summary: string | null
    created_at: Date
  }>(pool, 'reconcile_reports', 'summary')
  return row
    ? {
        id: Number(row.id),
        outcome: row.outcome,
        summary: row.summary,
        createdAt: row.created_at.toISOString(),
      }
    : null
}

async function lastUsageCollection(pool: pg.Pool): Promise<LastUsageCollection | null> {
  const row = await newestRun<{
    id: number
    outcome: string
    unbilled: string | null
    created_at: Date
  }>(pool, 'usage_collections', 'unbilled')
  return row
    ? {
        id: Number(row.id),
        outcome: row.outcome,
        unbilled: Number(row.unbilled ?? 0),
        createdAt: row.created_at.toISOString(),
      }
    : null
}

export interface DashboardData {
  /** The instant everything was computed for (also the overdue filter of the linked list). */
  now: string
  /**
   * Whether links lead to per-camera records (camera usage intervals): the admin only. The
   * accountant sees the same figures, as counts.
   */
  cameraDetail: boolean
  /** Whether the job queue may be opened (the admin only; the accountant gets the sync events). */
  jobsReadable: boolean
  revenue: Revenue
  camerasNow: CamerasNowRow[]
  camerasDaily: CamerasDaily
  jobs: JobHealth
  failedSyncs: FailedSync[]
  lastReconcile: LastReconcile | null
  lastUsage: LastUsageCollection | null
  invoices: InvoiceAttention
}

/**
 * Everything the operator dashboard shows, for staff; null for anyone else (a subscriber sees
 * none of it). Every collection read here is one staff may read in full.
 */
export async function loadDashboard(
  payload: Payload,
  user: TypedUser | null | undefined,
  { now = clockNow() }: { now?: Date } = {},
): Promise<DashboardData | null> {
  if (!user || !isStaff(user)) return null
  const pool = poolOf(payload)
  const [revenue, nowRows, daily, jobs, failed, reconcile, usage, invoices] = await Promise.all([
    revenueByMonth(pool, now),
    camerasNow(pool),
    camerasDaily(pool, now),
    jobHealth(pool),
    failedSyncs(pool),
    lastReconcile(pool),
    lastUsageCollection(pool),
    invoiceAttention(pool, now),
  ])
  return {
    now: now.toISOString(),
    cameraDetail: hasRole(user, 'admin'),
    jobsReadable: hasRole(user, 'admin'),
    revenue,
    camerasNow: nowRows,
    camerasDaily: daily,
    jobs,
    failedSyncs: failed,
    lastReconcile: reconcile,
    lastUsage: usage,
    invoices,
  }
}
