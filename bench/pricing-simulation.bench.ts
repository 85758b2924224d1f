/**
 * "Try a price change" at the month close's size (issue 17): 10,000 organizations, 100,000
 * cameras, October 2026 closed by `generateInvoices`, then `simulatePriceChange` (what
 * POST /api/pricing/simulate runs) timed: (a) the prices as published, (b) Basic from 5.00 to 6.00
 * next month, (c) a service price that two subscriptions follow. Goal: each under 5 s.
 * Checks: in (a) every payer's "before" and "after" equal the invoice the month close wrote, to
 * the cent, and the number of payers equals the number of invoices; in (b) only payers with
 * usage on Basic change.
 *
 * The world, seeded in bulk as bench/month-close.bench.ts does (its shape, not its code: that
 * file keeps its seeds to itself): a fresh embedded PostgreSQL with the committed migrations
 * (startBenchDatabase of bench/billing-db.ts); three subscriptions through the Local API (one with
 * a price change on 15 October); organizations in one insert (UTC, Europe/Berlin, Asia/Tokyo;
 * every 20th a parent with two subsidiaries on its invoice, a third that pays itself; every 50th on
 * a trial ending 10 October; every 25th without cameras); camera usage in one insert: most on all
 * month, some starting, ending or moving within it, some over before it.
 * Run alone: `npx tsx bench/pricing-simulation.bench.ts [--organizations 10000] [--cameras 100000] [--throwaway]`.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type pg from 'pg'
import { count, peakRssMb, POSTGRES_LABEL, seconds, startBenchDatabase } from './billing-db'

const PERIOD = '2026-10'
const GOAL_MS = 5_000

export interface PricingBenchSummary {
  postgres: keyof typeof POSTGRES_LABEL
  organizations: number
  cameras: number
  usageRows: number
  setupMs: number
  monthCloseMs: number
  invoices: number
  runs: { label: string; ms: number; payers: number; changed: number }[]
  peakRssMb: number
  checks: {
    /** (a): every payer's before = after = its invoice's total, and one row per invoice. */
    publishedPricesReproduceInvoices: boolean
    mismatches: number
    /** (b): exactly the payers with Basic usage in the month change. */
    onlyBasicPayersChange: boolean
    failed: number
  }
}

export async function runPricingBench({
  organizations = 10_000,
  cameras = 100_000,
  throwaway = false,
} = {}): Promise<PricingBenchSummary> {
  const started = performance.now()
  const db = await startBenchDatabase('pricing', { throwaway })
  const { payload, pool } = db
  try {
    const { generateInvoices } = await import('../src/invoicing')
    const { simulatePriceChange } = await import('../src/pricing')
    const create = (collection: string, data: Record<string, unknown>) =>
      (payload.create as (args: unknown) => Promise<{ id: number }>)({ collection, data, depth: 0 })
    const service = (title: string, price: number, extra: Record<string, unknown>) =>
      create('services', { title, price, currency: 'EUR', ...extra })
    const archive7 = await service('Bench archive 7', 500, {
      kind: 'continuous_archive',
      archiveDays: 7,
    })
    const archive14 = await service('Bench archive 14', 800, {
      kind: 'continuous_archive',
      archiveDays: 14,
    })
    const faces = await service('Bench faces', 1200, { kind: 'analytics', analytics: 'faces' })
    const basic = await create('subscriptions', { title: 'Bench Basic 7', services: [archive7.id] })
    const business = await create('subscriptions', {
      title: 'Bench Business 14 + faces',
      services: [archive14.id, faces.id],
    })
    const enterprise = await create('subscriptions', {
      title: 'Bench Enterprise',
      services: [archive14.id, faces.id],
      prices: [
        { from: '2026-01-01T00:00:00.000Z', amount: 2200 },
        { from: '2026-10-15T00:00:00.000Z', amount: 2500 },
      ],
    })
    const plans = [basic.id, business.id, enterprise.id]

    // organizations: the first of every 20 a parent; 2 and 3 on its invoice; 4 a subsidiary paying itself
    const { rows: inserted } = await pool.query<{ id: number }>(
      `insert into organizations (title, payer, timezone, currency, tax_rate_bp, payment_terms_days, status, trial_ends_at, created_at, updated_at)
        select 'Bench organization ' || lpad(n::text, 5, '0'),
            case when n % 20 in (1, 2) then 'parent' else 'self' end::enum_organizations_payer,
            (array['UTC', 'Europe/Berlin', 'Asia/Tokyo'])[n % 3 + 1], 'EUR',
            (array[0, 1900, 2000, 1000])[n % 4 + 1], 14, 'active',
            case when n % 50 = 7 then timestamptz '2026-10-10 00:00:00Z' end, now(), now()
          from generate_series(0, $1::int - 1) as n order by n
        returning id`,
      [organizations],
    )
    const orgIds = inserted.map((row) => Number(row.id)).sort((a, b) => a - b)
    await pool.query(
      `update organizations o set parent_id = p.id
        from unnest($1::int[]) with ordinality as c(id, n), unnest($1::int[]) with ordinality as p(id, n)
        where o.id = c.id and (c.n - 1) % 20 in (1, 2, 3) and p.n = c.n - (c.n - 1) % 20`,
      [orgIds],
    )
    // cameras: deterministic from the camera number (no randomness between runs)
    const { rowCount } = await pool.query(
      `with camera as (
         select c, $2::int[] as orgs, ((hashint4(c)::bigint % 1000 + 1000) % 1000) as u, ((hashint4(c * 7 + 1)::bigint % 1000 + 1000) % 1000) as v
           from generate_series(0, $1::int - 1) as c
       ), placed as (
         select c, u, v, orgs[1 + (case when c < array_length(orgs, 1) then c else (hashint4(c * 13)::bigint % 1000000 + 1000000) end) % array_length(orgs, 1)] as org,
             $3::int[] as plans
           from camera
       )
       insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at)
       select org, plans[1 + (case when v < 500 then 0 when v < 850 then 1 else 2 end)], md5('bench-camera-' || c),
           case when u < 700 then timestamptz '2026-03-01Z' + (u || ' hours')::interval
                when u < 800 then timestamptz '2026-10-01Z' + ((u - 700) * 6 || ' hours')::interval
                when u < 950 then timestamptz '2026-05-01Z'
                else timestamptz '2026-02-01Z' end,
           case when u < 800 then null
                when u < 950 then timestamptz '2026-10-02Z' + ((u - 800) * 4 || ' hours')::interval
                else timestamptz '2026-04-01Z' end,
           now(), now()
         from placed
         where (org - $4::int) % 25 <> 11`,
      [cameras, orgIds, plans, orgIds[0]],
    )
    await pool.query('vacuum analyze organizations, camera_usage')
    const setupMs = performance.now() - started

    let at = performance.now()
    const closed = await generateInvoices(payload, { period: PERIOD })
    const monthCloseMs = performance.now() - at
    const { rows: invoiceRows } = await pool.query<{ organization_id: number; total: string }>(
      `select organization_id, total from invoices where period = $1 and status <> 'void'`,
      [PERIOD],
    )
    const invoiced = new Map(
      invoiceRows.map((row) => [Number(row.organization_id), Number(row.total)]),
    )

    const timed = async (label: string, change: Parameters<typeof simulatePriceChange>[1]) => {
      at = performance.now()
      const result = await simulatePriceChange(payload, change)
      const ms = performance.now() - at
      return {
        result,
        run: {
          label,
          ms: Math.round(ms),
          payers: result.organizations.length,
          changed: result.organizations.filter((row) => row.delta !== 0).length,
        },
      }
    }
    const none = { subscriptionPrices: [], servicePrices: [], serviceSets: [] }
    const published = await timed(
      '(a) the prices as published (Basic 5.00 from 2026-01-01 again)',
      {
        ...none,
        period: PERIOD,
        subscriptionPrices: [{ subscription: basic.id, amount: 500, from: '2026-01-01' }],
      },
    )
    const basicUp = await timed('(b) Basic from 5.00 to 6.00 next month', {
      ...none,
      period: PERIOD,
      subscriptionPrices: [{ subscription: basic.id, amount: 600, from: '2026-11-01' }],
      thresholds: { EUR: 10_000 },
    })
    const servicePrice = await timed(
      '(c) faces from 12.00 to 9.00 on 16 October (Business follows)',
      {
        ...none,
        period: PERIOD,
        servicePrices: [{ service: faces.id, amount: 900, from: '2026-10-16' }],
      },
    )

    const mismatches = published.result.organizations.filter(
      (row) =>
        row.totalBefore !== invoiced.get(row.organization) ||
        row.totalAfter !== row.totalBefore ||
        row.invoiced !== row.totalBefore,
    ).length
    const basicPayers = await payersWithUsageOn(pool, basic.id)
    const onlyBasicPayersChange = basicUp.result.organizations.every(
      (row) => row.delta > 0 === basicPayers.has(row.organization),
    )
    return {
      postgres: db.postgres,
      organizations,
      cameras,
      usageRows: rowCount ?? 0,
      setupMs: Math.round(setupMs),
      monthCloseMs: Math.round(monthCloseMs),
      invoices: closed.created.length,
      runs: [published.run, basicUp.run, servicePrice.run],
      peakRssMb: peakRssMb(),
      checks: {
        publishedPricesReproduceInvoices:
          mismatches === 0 && published.result.organizations.length === invoiced.size,
        mismatches,
        onlyBasicPayersChange,
        failed:
          published.result.failed.length + basicUp.result.failed.length + closed.failed.length,
      },
    }
  } finally {
    await db.stop()
  }
}

/** Payers whose invoice has a line on the subscription (what the close billed). */
async function payersWithUsageOn(pool: pg.Pool, subscription: number): Promise<Set<number>> {
  const { rows } = await pool.query<{ organization_id: number }>(
    `select distinct i.organization_id from invoices i join invoices_lines l on l._parent_id = i.id
      where i.period = $1 and l.subscription_id = $2 and l.amount > 0`,
    [PERIOD, subscription],
  )
  return new Set(rows.map((row) => Number(row.organization_id)))
}

const check = (ok: boolean) => (ok ? 'ok' : 'FAILED')

export const formatPricing = (s: PricingBenchSummary) =>
  [
    `${count(s.organizations)} organizations, ${count(s.cameras)} cameras (${count(s.usageRows)} usage intervals), period ${PERIOD}: ` +
      `month close ${seconds(s.monthCloseMs)} → ${count(s.invoices)} invoices (set-up ${seconds(s.setupMs)}; PostgreSQL ${POSTGRES_LABEL[s.postgres]})`,
    ...s.runs.map(
      (run) =>
        `  ${run.label}: ${seconds(run.ms)} (${count(run.payers)} payers, ${count(run.changed)} changed; goal < ${seconds(GOAL_MS)} ${check(run.ms < GOAL_MS)})`,
    ),
    `  peak RSS ${s.peakRssMb} MB`,
    `  checks: (a) every payer's before and after = its invoice, to the cent ${check(s.checks.publishedPricesReproduceInvoices)} ` +
      `(${s.checks.mismatches} mismatches); (b) exactly the payers billed for Basic change ${check(s.checks.onlyBasicPayersChange)}; failed ${s.checks.failed}`,
  ].join('\n')

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      organizations: { type: 'string' },
      cameras: { type: 'string' },
      throwaway: { type: 'boolean' },
    },
  })
  const summary = await runPricingBench({
    organizations: Number(values.organizations ?? 10_000),
    cameras: Number(values.cameras ?? 100_000),
    throwaway: values.throwaway ?? false,
  })
  console.log(formatPricing(summary))
  const { checks } = summary
  process.exit(checks.publishedPricesReproduceInvoices && checks.onlyBasicPayersChange ? 0 : 1)
}
