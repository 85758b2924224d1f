/**
 * The notifications outbox dispatcher (issue 7): 10,000 undispatched billing events (seeded in
 * bulk with SQL, the mix a month close and its payments and dunning make) for 2,000 organizations,
 * each with two billing contacts (every 10th also an administrator); two global webhook endpoints
 * (one on every webhook event, one on money events only) and 100 organizations with their own
 * (created through the Local API, secrets sealed). Times the same `dispatchEvents` the
 * `notifications-dispatch` task runs every minute (calls of at most 1,000 events, as the task)
 * until the outbox is empty or the time budget is spent: the fan-out into e-mail and webhook
 * deliveries and their queued jobs, not the sending (no worker runs; nothing is sent).
 * Run alone: `npx tsx bench/outbox-dispatch.bench.ts [--events 10000] [--organizations 2000] [--budget 90] [--throwaway]`.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import {
  count,
  peakRssMb,
  POSTGRES_LABEL,
  seconds,
  seedPayers,
  startBenchDatabase,
  type BenchDatabase,
} from './billing-db'

export interface DispatchCall {
  ms: number
  events: number
  emails: number
  webhooks: number
  failed: number
}

export interface OutboxBenchSummary {
  postgres: BenchDatabase['postgres']
  events: number
  organizations: number
  endpoints: number
  setupMs: number
  calls: DispatchCall[]
  dispatched: number
  ms: number
  eventsPerSecond: number
  deliveriesPerSecond: number
  emails: number
  webhooks: number
  jobs: number
  left: number
  /** The whole outbox at the measured rate (the budget ran out before it was empty). */
  extrapolated: boolean
  wholeOutboxMs: number
  peakRssMb: number
  /** The floor: the same deliveries and jobs written again, one insert per table, one transaction (rolled back). */
  floorMs: number
  checks: { deliveriesMatchEvents: boolean; oneJobPerDelivery: boolean; failed: number }
}

/** The event mix, per 20 events: what a month close, its payments and a dunning run announce. */
const MIX = [
  ...Array(6).fill('invoice.issued'),
  ...Array(5).fill('payment.received'),
  ...Array(5).fill('invoice.paid'),
  'dunning.reminder',
  'dunning.warning',
  'organization.suspended',
  'credit_note.issued',
] as string[]
const EMAIL_TYPES = new Set([
  'invoice.issued',
  'payment.received',
  'dunning.reminder',
  'dunning.warning',
  'organization.suspended',
  'organization.restored',
  'credit_note.issued',
])
const ALL_HOOK_TYPES = [
  'invoice.issued',
  'invoice.paid',
  'payment.received',
  'organization.suspended',
  'organization.restored',
]
const MONEY_HOOK_TYPES = ['invoice.paid', 'payment.received']

export async function runOutboxBench({
  events = 10_000,
  organizations = 2_000,
  budgetMs = 90_000,
  throwaway = false,
} = {}): Promise<OutboxBenchSummary> {
  const started = performance.now()
  const db = await startBenchDatabase('outbox', { throwaway })
  const { payload, pool } = db
  try {
    const { dispatchEvents } = await import('../src/notifications/dispatch')
    const ids = await seedPayers(pool, organizations, { prefix: 'Bench notified organization' })
    // two billing contacts each (one in capitals: recipients are lower-cased and de-duplicated)
    await pool.query(
      `insert into organizations_billing_contacts (_order, _parent_id, id, email)
        select k, o.id, md5(o.id || '-' || k), case k when 1 then 'billing-' || o.id || '@example.test' else 'Finance-' || o.id || '@Example.test' end
          from unnest($1::int[]) as o(id) cross join generate_series(1, 2) as k`,
      [ids],
    )
    // every 10th has an administrator (a user row: populated at depth 1 when recipients are read)
    const administered = ids.filter((_, i) => i % 10 === 0)
    await pool.query(
      `with u as (
         insert into users (email, login, role, updated_at, created_at)
           select 'admin-' || o.id || '@example.test', 'bench-admin-' || o.id, 'subscriber', now(), now() from unnest($1::int[]) as o(id)
         returning id, login)
       update organizations o set administrator_id = u.id from u where u.login = 'bench-admin-' || o.id`,
      [administered],
    )
    const create = (collection: string, data: Record<string, unknown>) =>
      (payload.create as (args: unknown) => Promise<{ id: number }>)({ collection, data, depth: 0 })
    await create('webhook-endpoints', {
      title: 'Bench ERP (global)',
      url: 'http://127.0.0.1:9/erp',
      events: ALL_HOOK_TYPES,
      active: true,
    })
    await create('webhook-endpoints', {
      title: 'Bench accounting (global, money)',
      url: 'http://127.0.0.1:9/accounting',
      events: MONEY_HOOK_TYPES,
      active: true,
    })
    await create('webhook-endpoints', {
      title: 'Bench switched off',
      url: 'http://127.0.0.1:9/off',
      events: ALL_HOOK_TYPES,
      active: false,
    })
    const withOwn = ids.filter((_, i) => i % 20 === 7)
    for (const organization of withOwn) {
      await create('webhook-endpoints', {
        title: `Bench own endpoint ${organization}`,
        url: `http://127.0.0.1:9/org/${organization}`,
        organization,
        events: ALL_HOOK_TYPES,
        active: true,
      })
    }
    const endpoints = 3 + withOwn.length

    const types = Array.from({ length: events }, (_, i) => MIX[(i * 7) % MIX.length]!)
    const eventOrganizations = Array.from({ length: events }, (_, i) => ids[(i * 13) % ids.length]!)
    await pool.query(
      `insert into billing_events (event_id, type, organization_id, data, occurred_at, updated_at, created_at)
        select gen_random_uuid(), e.type, e.organization, jsonb_build_object('invoiceId', 1000000 + e.n, 'number', 'INV-2026-' || lpad(e.n::text, 6, '0'), 'amount', 12500, 'currency', 'EUR'),
               now() - (($3::int - e.n) * interval '1 second'), now(), now()
          from unnest($1::varchar[], $2::int[]) with ordinality as e(type, organization, n)`,
      [types, eventOrganizations, events],
    )
    await pool.query('analyze')
    // what the fan-out must create: recipients and subscribed active endpoints per event
    const ownEndpoint = new Set(withOwn)
    let expectedEmails = 0
    let expectedWebhooks = 0
    types.forEach((type, i) => {
      const organization = eventOrganizations[i]!
      if (EMAIL_TYPES.has(type)) expectedEmails += administered.includes(organization) ? 3 : 2
      if (ALL_HOOK_TYPES.includes(type))
        expectedWebhooks +=
          1 + (MONEY_HOOK_TYPES.includes(type) ? 1 : 0) + (ownEndpoint.has(organization) ? 1 : 0)
    })
    const setupMs = performance.now() - started

    const calls: DispatchCall[] = []
    const t0 = performance.now()
    while (performance.now() - t0 < budgetMs) {
      const c0 = performance.now()
      const result = await dispatchEvents(payload) // the task's call: at most 1,000 events
      calls.push({ ms: performance.now() - c0, ...result })
      if (result.events === 0 && result.failed === 0) {
        calls.pop()
        break
      }
    }
    const ms = performance.now() - t0
    const tallies = (
      await pool.query<{
        dispatched: string
        left: string
        emails: string
        webhooks: string
        jobs: string
        bad_emails: string
        bad_webhooks: string
      }>(
        `select (select count(*) from billing_events where dispatched_at is not null) as dispatched,
                (select count(*) from billing_events where dispatched_at is null) as left,
                (select count(*) from email_deliveries) as emails,
                (select count(*) from webhook_deliveries) as webhooks,
                (select count(*) from payload_jobs where task_slug::text in ('notifications-email', 'notifications-webhook')) as jobs,
                (select count(*) from email_deliveries d join billing_events e on e.id = d.billing_event_id where d.event_type <> e.type) as bad_emails,
                (select count(*) from webhook_deliveries d join billing_events e on e.id = d.billing_event_id where d.event_type <> e.type) as bad_webhooks`,
      )
    ).rows[0]!
    const dispatched = Number(tallies.dispatched)
    const left = Number(tallies.left)
    const emails = Number(tallies.emails)
    const webhooks = Number(tallies.webhooks)
    const eventsPerSecond = dispatched / (ms / 1000)
    // the deliveries the dispatched events had to make, worked out from the seed
    let dueEmails = expectedEmails
    let dueWebhooks = expectedWebhooks
    if (left > 0) {
      dueEmails = 0
      dueWebhooks = 0
      types.slice(0, dispatched).forEach((type, i) => {
        const organization = eventOrganizations[i]!
        if (EMAIL_TYPES.has(type)) dueEmails += administered.includes(organization) ? 3 : 2
        if (ALL_HOOK_TYPES.includes(type))
          dueWebhooks +=
            1 + (MONEY_HOOK_TYPES.includes(type) ? 1 : 0) + (ownEndpoint.has(organization) ? 1 : 0)
      })
    }
    const failed = calls.reduce((sum, call) => sum + call.failed, 0)
    const floorMs = await measureFloor(pool)
    return {
      postgres: db.postgres,
      events,
      organizations,
      endpoints,
      setupMs,
      calls,
      dispatched,
      ms,
      eventsPerSecond,
      deliveriesPerSecond: (emails + webhooks) / (ms / 1000),
      emails,
      webhooks,
      jobs: Number(tallies.jobs),
      left,
      extrapolated: left > 0,
      wholeOutboxMs: left > 0 ? (events / eventsPerSecond) * 1000 : ms,
      peakRssMb: peakRssMb(),
      floorMs,
      checks: {
        deliveriesMatchEvents:
          emails === dueEmails &&
          webhooks === dueWebhooks &&
          Number(tallies.bad_emails) === 0 &&
          Number(tallies.bad_webhooks) === 0,
        oneJobPerDelivery: Number(tallies.jobs) === emails + webhooks,
        failed,
      },
    }
  } finally {
    await db.stop()
  }
}

/**
 * The floor the dispatcher is compared with: the rows it wrote (deliveries and their jobs), read
 * into memory, deleted and inserted again with one unnest insert per table in one transaction,
 * then rolled back. Only the inserts are timed.
 */
async function measureFloor(pool: BenchDatabase['pool']): Promise<number> {
  const client = await pool.connect()
  try {
    const emails = await client.query(
      'select billing_event_id, event_id, event_type, organization_id, recipient from email_deliveries',
    )
    const webhooks = await client.query(
      'select billing_event_id, event_id, event_type, organization_id, endpoint_id from webhook_deliveries',
    )
    const jobs = await client.query(
      `select input, task_slug::text as task from payload_jobs where task_slug::text in ('notifications-email', 'notifications-webhook')`,
    )
    const column = (rows: Record<string, unknown>[], name: string) => rows.map((row) => row[name])
    await client.query('begin')
    await client.query(
      `delete from payload_jobs where task_slug::text in ('notifications-email', 'notifications-webhook')`,
    )
    await client.query('delete from email_deliveries')
    await client.query('delete from webhook_deliveries')
    const started = performance.now()
    await client.query(
      `insert into email_deliveries (billing_event_id, event_id, event_type, organization_id, recipient, status, attempts)
        select a, b, c, d, e, 'pending', 0 from unnest($1::int[], $2::varchar[], $3::varchar[], $4::int[], $5::varchar[]) as t(a, b, c, d, e)`,
      ['billing_event_id', 'event_id', 'event_type', 'organization_id', 'recipient'].map((name) =>
        column(emails.rows, name),
      ),
    )
    await client.query(
      `insert into webhook_deliveries (billing_event_id, event_id, event_type, organization_id, endpoint_id, status, attempts)
        select a, b, c, d, e, 'pending', 0 from unnest($1::int[], $2::varchar[], $3::varchar[], $4::int[], $5::int[]) as t(a, b, c, d, e)`,
      ['billing_event_id', 'event_id', 'event_type', 'organization_id', 'endpoint_id'].map((name) =>
        column(webhooks.rows, name),
      ),
    )
    await client.query(
      `insert into payload_jobs (input, task_slug, queue)
        select i, t::enum_payload_jobs_task_slug, 'notifications' from unnest($1::jsonb[], $2::text[]) as j(i, t)`,
      [jobs.rows.map((row) => JSON.stringify(row.input)), column(jobs.rows, 'task')],
    )
    return performance.now() - started
  } finally {
    await client.query('rollback').catch(() => undefined)
    client.release()
  }
}

const check = (ok: boolean) => (ok ? 'ok' : 'FAILED')

export const formatOutbox = (s: OutboxBenchSummary) =>
  [
    `${count(s.events)} billing events for ${count(s.organizations)} organizations (2–3 recipients each), ${s.endpoints} webhook endpoints; ` +
      `PostgreSQL ${POSTGRES_LABEL[s.postgres]}; set-up ${seconds(s.setupMs)}`,
    `  dispatchEvents (the every-minute task, ≤ 1,000 events a call): ${count(s.dispatched)} events in ${seconds(s.ms)} = ${s.eventsPerSecond.toFixed(1)} events/s, ` +
      `${s.deliveriesPerSecond.toFixed(0)} deliveries/s (${count(s.emails)} e-mails, ${count(s.webhooks)} webhooks, ${count(s.jobs)} jobs queued)`,
    `  calls: ${s.calls.map((call) => `${count(call.events)} in ${seconds(call.ms)}`).join(', ')}`,
    `  floor, the same deliveries and jobs as one insert per table: ${seconds(s.floorMs)} → dispatchEvents is ${(s.ms / Math.max(1, s.floorMs)).toFixed(1)}× the floor`,
    s.extrapolated
      ? `  the budget ran out with ${count(s.left)} events left: the whole outbox ≈ ${seconds(s.wholeOutboxMs)} at this rate (EXTRAPOLATED)`
      : `  the whole outbox: ${seconds(s.wholeOutboxMs)}`,
    `  peak RSS ${s.peakRssMb} MB; checks: deliveries = recipients and subscribed endpoints ${check(s.checks.deliveriesMatchEvents)}; one job per delivery ${check(s.checks.oneJobPerDelivery)}; failed ${s.checks.failed}`,
  ].join('\n')

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      organizations: { type: 'string' },
      budget: { type: 'string' },
      throwaway: { type: 'boolean' },
    },
  })
  console.log(
    formatOutbox(
      await runOutboxBench({
        events: Number(values.events ?? 10_000),
        organizations: Number(values.organizations ?? 2_000),
        budgetMs: Number(values.budget ?? 90) * 1000,
        throwaway: values.throwaway ?? false,
      }),
    ),
  )
  process.exit(0)
}
