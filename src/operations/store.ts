/**
 * The SQL of operations: figures for GET /api/metrics, read from the database at scrape time so
 * that every app replica answers the same, whichever process did the work (most of it is the
 * worker's). Each query is one aggregate over a table billing already keeps; nothing is written.
 */
import type pg from 'pg'

type Db = Pick<pg.Pool, 'query'>

export interface JobGroup {
  queue: string
  task: string
  /** `due` (runs at the next round), `processing`, `waiting` (a retry delay or a scheduled time), `failed`. */
  state: 'due' | 'processing' | 'waiting' | 'failed'
  count: number
  /** Due and processing only: seconds since the oldest of them became due. */
  oldestDueSeconds: number | null
}

/** Jobs not completed, by queue, task and state. */
export async function jobQueueGroups(db: Db): Promise<JobGroup[]> {
  const { rows } = await db.query<{
    queue: string
    task: string
    state: JobGroup['state']
    count: number
    oldest: number | null
  }>(
    `select coalesce(queue, 'default') as queue, coalesce(task_slug::text, 'workflow') as task,
            case when has_error then 'failed'
                 when processing then 'processing'
                 when wait_until is not null and wait_until > now() then 'waiting'
                 else 'due' end as state,
            count(*)::int as count,
            extract(epoch from now() - min(greatest(created_at, coalesce(wait_until, created_at))))::float8 as oldest
       from payload_jobs
      where completed_at is null
      group by 1, 2, 3`,
  )
  return rows.map((row) => ({
    ...row,
    oldestDueSeconds:
      row.state === 'due' || row.state === 'processing'
        ? Math.max(0, Number(row.oldest ?? 0))
        : null,
  }))
}

/** Sync attempts recorded in sync-events (never deleted), by collection and outcome. */
export async function syncAttemptCounts(
  db: Db,
): Promise<{ collection: string; outcome: string; count: number }[]> {
  const { rows } = await db.query<{ collection: string; outcome: string; count: number }>(
    `select collection::text as collection, outcome::text as outcome, count(*)::int as count from sync_events group by 1, 2`,
  )
  return rows
}

/** Synced documents by collection and Watcher sync status (pending, synced, failed). */
export async function syncStatusCounts(
  db: Db,
): Promise<{ collection: string; status: string; count: number }[]> {
  const { rows } = await db.query<{ collection: string; status: string; count: number }>(
    `select 'subscriptions' as collection, watcher_status::text as status, count(*)::int as count
       from subscriptions where watcher_status is not null group by 2
     union all
     select 'organizations', watcher_status::text, count(*)::int from organizations where watcher_status is not null group by 2
     union all
     select 'users', watcher_status::text, count(*)::int from users where watcher_status is not null group by 2`,
  )
  return rows
}

export interface UsageFigures {
  byOutcome: { outcome: string; count: number }[]
  /** The last successful collection, when there is one. */
  last: { durationSeconds: number; finishedAt: number; cameras: number; unbilled: number } | null
}

/** Camera-usage collections: how many ended how, and the last successful one. */
export async function usageCollectionFigures(db: Db): Promise<UsageFigures> {
  const byOutcome = await db.query<{ outcome: string; count: number }>(
    `select outcome::text as outcome, count(*)::int as count from usage_collections group by 1`,
  )
  const last = await db.query<{
    duration: number | null
    finished: number
    cameras: number | null
    unbilled: number | null
  }>(
    `select extract(epoch from finished_at - started_at)::float8 as duration, extract(epoch from finished_at)::float8 as finished,
            cameras::float8 as cameras, unbilled::float8 as unbilled
       from usage_collections
      where outcome = 'done' and finished_at is not null
      order by finished_at desc
      limit 1`,
  )
  const row = last.rows[0]
  return {
    byOutcome: byOutcome.rows,
    last: row
      ? {
          durationSeconds: Math.max(0, Number(row.duration ?? 0)),
          finishedAt: Number(row.finished),
          cameras: Number(row.cameras ?? 0),
          unbilled: Number(row.unbilled ?? 0),
        }
      : null,
  }
}

/** Invoices by status; how many were ever drafted (every invoice starts as one) and issued. */
export async function invoiceFigures(
  db: Db,
): Promise<{ byStatus: { status: string; count: number }[]; drafted: number; issued: number }> {
  const byStatus = await db.query<{ status: string; count: number }>(
    `select status::text as status, count(*)::int as count from invoices group by 1`,
  )
  const totals = await db.query<{ drafted: number; issued: number }>(
    `select count(*)::int as drafted, count(issued_at)::int as issued from invoices`,
  )
  return {
    byStatus: byStatus.rows,
    drafted: totals.rows[0]?.drafted ?? 0,
    issued: totals.rows[0]?.issued ?? 0,
  }
}

/** Dunning stages fired (one row per organization, invoice and stage), by stage. */
export async function dunningActionCounts(db: Db): Promise<{ action: string; count: number }[]> {
  const { rows } = await db.query<{ action: string; count: number }>(
    `select action::text as action, count(*)::int as count from dunning_actions group by 1`,
  )
  return rows
}

/** Billing events not yet fanned out into deliveries, and how long the oldest has waited. */
export async function outboxBacklog(db: Db): Promise<{ backlog: number; oldestSeconds: number }> {
  const { rows } = await db.query<{ backlog: number; oldest: number | null }>(
    `select count(*)::int as backlog, extract(epoch from now() - min(created_at))::float8 as oldest
       from billing_events where dispatched_at is null`,
  )
  return {
    backlog: rows[0]?.backlog ?? 0,
    oldestSeconds: Math.max(0, Number(rows[0]?.oldest ?? 0)),
  }
}

export interface DeliveryGroup {
  channel: 'email' | 'webhook'
  status: string
  count: number
  /** Attempts that failed: every attempt but the one that sent, skipped or cancelled it, or is under way. */
  failedAttempts: number
}

/** E-mail and webhook deliveries by status, with their failed attempts. */
export async function deliveryGroups(db: Db): Promise<DeliveryGroup[]> {
  const { rows } = await db.query<{
    channel: 'email' | 'webhook'
    status: string
    count: number
    failed: number
  }>(
    `select 'email' as channel, status::text as status, count(*)::int as count,
            coalesce(sum(greatest(attempts - case when status::text in ('sent', 'sending', 'skipped') then 1 else 0 end, 0)), 0)::float8 as failed
       from email_deliveries group by 2
     union all
     select 'webhook', status::text, count(*)::int,
            coalesce(sum(greatest(attempts - case when status::text in ('delivered', 'cancelled') then 1 else 0 end, 0)), 0)::float8
       from webhook_deliveries group by 2`,
  )
  return rows.map((row) => ({
    channel: row.channel,
    status: row.status,
    count: row.count,
    failedAttempts: Number(row.failed),
  }))
}
