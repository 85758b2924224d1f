import type { Payload, TypedUser, Where } from 'payload'
import { poolOf } from '../db/pool'

/** YYYY-MM of a date in UTC. */
const monthOf = (date: Date) => date.toISOString().slice(0, 7)

/** The last `count` months ending with the current one, oldest first, written YYYY-MM (UTC). */
export function lastMonths(count: number, now = new Date()): string[] {
  const months: string[] = []
  for (let back = count - 1; back >= 0; back--) {
    months.push(monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))))
  }
  return months
}

export interface RevenueSeries {
  currency: string
  /** Minor units per month, aligned with `months`. */
  totals: number[]
}

export interface DashboardData {
  months: string[]
  revenue: RevenueSeries[]
  camerasNow: { subscription: number; title: string; cameras: number }[]
  camerasDaily: { day: string; cameras: number }[]
  pendingSyncJobs: number
  failed: { collection: 'subscriptions' | 'organizations' | 'users'; count: number | null }[]
  lastReconcile: { id: number | string; outcome?: string | null; summary?: string | null; createdAt: string } | null
  lastUsage: {
    id: number | string
    outcome?: string | null
    unbilled?: number | null
    createdAt: string
  } | null
  drafts: number | null
  overdue: number | null
  /** ISO instant used for the overdue filter, so the link shows the same invoices. */
  now: string
}

/** A Local API read as the signed-in user; null where that user may not read the collection. */
async function asUser<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read()
  } catch {
    return null
  }
}

/**
 * Everything the operator dashboard shows: aggregates over SQL (one query each, no rows of
 * documents are loaded) and counts through the Local API with the user's own access. Counts
 * only: no camera key leaves the database.
 */
export async function loadDashboard(payload: Payload, user: TypedUser): Promise<DashboardData> {
  const pool = poolOf(payload)
  const now = new Date()
  const months = lastMonths(12, now)
  const asStaff = { user, overrideAccess: false } as const
  const count = (collection: 'invoices' | 'subscriptions' | 'organizations' | 'users', where: Where) =>
    asUser(async () => (await payload.count({ collection, where, ...asStaff })).totalDocs)

  const [revenueRows, nowRows, dailyRows, jobRows, failed, reconcile, usage, drafts, overdue] = await Promise.all([
    pool.query<{ period: string; currency: string; total: string }>(
      `select period, currency, sum(total) as total from invoices
        where status in ('issued', 'paid') and period >= $1 and period <= $2
        group by 1, 2 order by 2, 1`,
      [months[0], months[months.length - 1]],
    ),
    pool.query<{ subscription: number; title: string; cameras: string }>(
      `select u.subscription_id as subscription, s.title, count(*) as cameras
         from camera_usage u join subscriptions s on s.id = u.subscription_id
        where u."to" is null group by 1, 2 order by 3 desc, 2`,
    ),
    // intervals overlapping each UTC day of the last 30 (today included)
    pool.query<{ day: string; cameras: string }>(
      `select to_char(d.day, 'YYYY-MM-DD') as day,
              (select count(*) from camera_usage u
                where u."from" < d.day + interval '1 day' and (u."to" is null or u."to" > d.day)) as cameras
         from generate_series((now() at time zone 'utc')::date - 29, (now() at time zone 'utc')::date, interval '1 day') as d(day)
        order by d.day`,
    ),
    pool.query<{ pending: string }>(
      `select count(*) as pending from payload_jobs where task_slug = 'watcher-sync' and completed_at is null`,
    ),
    Promise.all(
      (['subscriptions', 'organizations', 'users'] as const).map(async (collection) => ({
        collection,
        count: await count(collection, { 'watcher.status': { equals: 'failed' } }),
      })),
    ),
    asUser(() =>
      payload.find({ collection: 'reconcile-reports', sort: '-createdAt', limit: 1, depth: 0, ...asStaff }),
    ),
    asUser(() =>
      payload.find({ collection: 'usage-collections', sort: '-createdAt', limit: 1, depth: 0, ...asStaff }),
    ),
    count('invoices', { status: { equals: 'draft' } }),
    count('invoices', { and: [{ status: { equals: 'issued' } }, { dueAt: { less_than: now.toISOString() } }] }),
  ])

  const byCurrency = new Map<string, number[]>()
  for (const row of revenueRows.rows) {
    const totals = byCurrency.get(row.currency) ?? months.map(() => 0)
    totals[months.indexOf(row.period)] += Number(row.total)
    byCurrency.set(row.currency, totals)
  }
  const report = reconcile?.docs[0]
  const collection = usage?.docs[0]

  return {
    months,
    revenue: [...byCurrency].map(([currency, totals]) => ({ currency, totals })),
    camerasNow: nowRows.rows.map((row) => ({
      subscription: Number(row.subscription),
      title: row.title,
      cameras: Number(row.cameras),
    })),
    camerasDaily: dailyRows.rows.map((row) => ({ day: row.day, cameras: Number(row.cameras) })),
    pendingSyncJobs: Number(jobRows.rows[0]?.pending ?? 0),
    failed,
    lastReconcile: report
      ? { id: report.id, outcome: report.outcome, summary: report.summary, createdAt: report.createdAt }
      : null,
    lastUsage: collection
      ? { id: collection.id, outcome: collection.outcome, unbilled: collection.unbilled, createdAt: collection.createdAt }
      : null,
    drafts,
    overdue,
    now: now.toISOString(),
  }
}
