/**
 * The dunning run over a large book (issue 7): 10,000 payers seeded in bulk with SQL, about 10 %
 * with an overdue invoice at every stage (days 0–2: nothing yet; reminder; warning; suspension;
 * recording stop, switched on in the global policy), some of those left alone (exempt, on trial,
 * prepaid credit), every 10th overdue payer paying for two subsidiaries (suspended with it). The
 * others have paid invoices and an open one not yet due. The same `runDunning` the daily task
 * and POST /api/dunning/run call, timed:
 *   (0) the restoration check (`stages: false`, every 30 s in the worker) while nobody is in dunning;
 *   (1) the daily run: every stage reached fires (actions, events, suspensions, Watcher sync jobs);
 *   (2) the daily run again the same day: nothing to do;
 *   (3) the restoration check with ~900 organizations in dunning and nobody paid;
 *   (4) the restoration check after 10 % of the dunned payers paid (their invoices settled by SQL).
 * Run alone: `npx tsx bench/dunning.bench.ts [--payers 10000] [--overdue-share 0.1] [--throwaway]`.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { DunningRunResult } from '../src/dunning'
import {
  count,
  peakRssMb,
  POSTGRES_LABEL,
  seconds,
  seedIssuedInvoices,
  seedPayers,
  startBenchDatabase,
  type BenchDatabase,
} from './billing-db'

const AT = new Date('2026-11-26T06:00:00Z')
const DAY = 86_400_000

export interface DunningRunFigure {
  label: string
  /** The median of the runs (one run unless the run changes nothing and is repeated). */
  ms: number
  /** Every run's time, when repeated. */
  runsMs: number[]
  /** Issue 15's goal for this run, if it has one. */
  goalMs?: number
  fired: number
  restored: number
  cleared: number
  skipped: number
  failed: number
  /** Organizations with a dunning stage after the run. */
  inDunning: number
}

export interface DunningBenchSummary {
  postgres: BenchDatabase['postgres']
  payers: number
  subsidiaries: number
  overduePayers: number
  invoices: number
  setupMs: number
  runs: DunningRunFigure[]
  stages: Record<string, number>
  jobsQueued: number
  peakRssMb: number
  checks: { firstRunFiredAll: boolean; secondRunIdle: boolean; restoredThePayers: boolean }
}

/** What the overdue payers are, in turn (index % 20 among them). */
function kindOf(index: number): { daysOverdue: number; skip?: 'exempt' | 'trial' | 'credit' } {
  const slot = index % 20
  const spread = Math.floor(index / 20) % 4
  if (slot === 0) return { daysOverdue: spread % 3 } // due, no stage yet
  if (slot <= 4) return { daysOverdue: 3 + spread } // reminder
  if (slot <= 8) return { daysOverdue: 7 + spread } // reminder + warning
  if (slot <= 13) return { daysOverdue: 14 + spread * 3 } // … + suspension
  if (slot <= 16) return { daysOverdue: 30 + spread * 5 } // … + recording stop
  return { daysOverdue: 10 + spread * 5, skip: (['exempt', 'trial', 'credit'] as const)[slot - 17] }
}

export async function runDunningBench({
  payers = 10_000,
  overdueShare = 0.1,
  throwaway = false,
} = {}): Promise<DunningBenchSummary> {
  const started = performance.now()
  const db = await startBenchDatabase('dunning', { throwaway })
  const { payload, pool } = db
  try {
    const { runDunning } = await import('../src/dunning')
    await payload.updateGlobal({
      slug: 'dunning-policy' as never,
      data: {
        reminderDays: 3,
        warningDays: 7,
        suspensionDays: 14,
        recordingStop: true,
        recordingStopDays: 30,
      } as never,
    })

    // --- the book ----------------------------------------------------------------------------
    const ids = await seedPayers(pool, payers, { prefix: 'Bench payer', currency: 'EUR' })
    const overdueCount = Math.round(payers * overdueShare)
    // spread the overdue payers over the book
    const overdue = Array.from(
      { length: overdueCount },
      (_, i) => ids[Math.floor((i * payers) / overdueCount)]!,
    )
    const overdueSet = new Set(overdue)
    // every 10th overdue payer pays for two subsidiaries
    const parents = overdue.filter((_, i) => i % 10 === 5)
    const subsidiaries = await pool.query<{ id: number }>(
      `insert into organizations (title, parent_id, payer, timezone, currency, tax_rate_bp, payment_terms_days, status, created_at, updated_at)
        select 'Bench subsidiary ' || p.id || '-' || k, p.id, 'parent', 'UTC', 'EUR', 0, 14, 'active', now(), now()
          from unnest($1::int[]) as p(id) cross join generate_series(1, 2) as k
        returning id`,
      [parents],
    )
    const kinds = overdue.map((id, index) => ({ id, ...kindOf(index) }))
    await pool.query(
      `update organizations set dunning_policy_exempt = true where id = any($1::int[])`,
      [kinds.filter((k) => k.skip === 'exempt').map((k) => k.id)],
    )
    await pool.query(`update organizations set trial_ends_at = $2 where id = any($1::int[])`, [
      kinds.filter((k) => k.skip === 'trial').map((k) => k.id),
      new Date(AT.getTime() + 10 * DAY),
    ])

    // every payer: September and October paid; overdue payers owe November's (and some October's too)
    const month = (m: number) => `2026-${String(m).padStart(2, '0')}`
    const seeds = ids.flatMap((organization) => {
      const amount = 5_000 + (organization % 7) * 1_000
      const rows = [9, 10].map((m) => ({
        organization,
        period: month(m),
        total: amount,
        currency: 'EUR',
        issuedAt: new Date(Date.UTC(2026, m, 1)),
        dueAt: new Date(Date.UTC(2026, m, 15)),
      }))
      if (!overdueSet.has(organization)) {
        // November, issued, due in December: open, not overdue
        rows.push({
          organization,
          period: month(11),
          total: amount,
          currency: 'EUR',
          issuedAt: new Date('2026-11-25T00:00:00Z'),
          dueAt: new Date('2026-12-09T00:00:00Z'),
        })
      }
      return rows
    })
    for (const kind of kinds) {
      const amount = 5_000 + (kind.id % 7) * 1_000
      const dueAt = new Date(AT.getTime() - kind.daysOverdue * DAY - 3_600_000)
      seeds.push({
        organization: kind.id,
        period: month(11),
        total: amount,
        currency: 'EUR',
        issuedAt: new Date(dueAt.getTime() - 14 * DAY),
        dueAt,
      })
    }
    const invoiceIds = await seedIssuedInvoices(pool, seeds, 'BENCH-DUN')
    // September and October are paid: a payment entry each and the invoice settled
    await pool.query(
      `with paid as (
         update invoices set status = 'paid', amount_paid = total, amount_due = 0, paid_at = due_at - interval '2 days'
          where id = any($1::int[]) and period in ('2026-09', '2026-10') returning id, organization_id, total, currency, paid_at)
       insert into ledger_entries (organization_id, kind, amount, currency, reference, occurred_at, updated_at, created_at)
         select organization_id, 'payment', -total, currency, 'bench payment', paid_at, now(), now() from paid`,
      [invoiceIds],
    )
    // prepaid: credit beyond what is due
    await pool.query(
      `insert into ledger_entries (organization_id, kind, amount, currency, reason, occurred_at, updated_at, created_at)
        select id, 'adjustment', -100000, 'EUR', 'bench prepaid credit', now(), now(), now() from unnest($1::int[]) as p(id)`,
      [kinds.filter((k) => k.skip === 'credit').map((k) => k.id)],
    )
    await pool.query('analyze')
    const setupMs = performance.now() - started

    const inDunning = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            'select count(*) as n from organizations where dunning_stage is not null',
          )
        ).rows[0]!.n,
      )
    const runs: DunningRunFigure[] = []
    /** Runs it `repeat` times (only for runs that change nothing), the median counted. */
    const timed = async (
      label: string,
      options: Parameters<typeof runDunning>[1],
      { repeat = 1, goalMs }: { repeat?: number; goalMs?: number } = {},
    ) => {
      const runsMs: number[] = []
      let result!: DunningRunResult
      for (let run = 0; run < repeat; run++) {
        const t0 = performance.now()
        result = await runDunning(payload, { at: AT, cause: 'bench', ...options })
        runsMs.push(performance.now() - t0)
      }
      const sorted = [...runsMs].sort((a, b) => a - b)
      const figure = {
        label,
        ms: sorted[Math.floor(sorted.length / 2)]!,
        runsMs: repeat > 1 ? runsMs : [],
        goalMs,
        fired: result.fired.length,
        restored: result.restored.length,
        cleared: result.cleared.length,
        skipped: result.skipped.length,
        failed: result.failed.length,
        inDunning: await inDunning(),
      }
      runs.push(figure)
      if (result.failed.length > 0) console.error(`${label}: failed`, result.failed.slice(0, 3))
      return figure
    }

    await timed('(0) restoration check, nobody in dunning', { stages: false })
    const first = await timed('(1) daily run, first of the day', {}, { goalMs: 2000 })
    const stages = Object.fromEntries(
      (
        await pool.query<{ action: string; n: string }>(
          'select action, count(*) as n from dunning_actions group by action order by action',
        )
      ).rows.map((row) => [row.action, Number(row.n)]),
    )
    const second = await timed(
      '(2) daily run again, same day (median of 5)',
      {},
      { repeat: 5, goalMs: 100 },
    )
    await timed(
      '(3) restoration check, nobody paid (median of 5)',
      { stages: false },
      { repeat: 5, goalMs: 50 },
    )
    // 10 % of the dunned payers pay: their overdue invoices settled (as a payment would leave them)
    const dunnedPayers = (
      await pool.query<{ id: number }>(
        `select id from organizations where dunning_stage is not null and payer = 'self' order by id`,
      )
    ).rows.map((row) => row.id)
    const paying = dunnedPayers.filter((_, i) => i % 10 === 0)
    await pool.query(
      `with paid as (
         update invoices set status = 'paid', amount_paid = total, amount_due = 0, paid_at = $2
          where organization_id = any($1::int[]) and status = 'issued' and due_at < $2 returning organization_id, total, currency)
       insert into ledger_entries (organization_id, kind, amount, currency, reference, occurred_at, updated_at, created_at)
         select organization_id, 'payment', -total, currency, 'bench payment', $2, now(), now() from paid`,
      [paying, AT],
    )
    const restoring = Number(
      (
        await pool.query<{ n: string }>(
          `select count(*) as n from organizations where dunning_stage is not null and (id = any($1::int[]) or parent_id = any($1::int[]))`,
          [paying],
        )
      ).rows[0]!.n,
    )
    const restoration = await timed(
      `(4) restoration check, ${count(paying.length)} dunned payers paid`,
      { stages: false },
    )
    const jobsQueued = Number(
      (await pool.query<{ n: string }>('select count(*) as n from payload_jobs')).rows[0]!.n,
    )

    const expectedFired = kinds.reduce(
      (sum, k) =>
        sum +
        (k.skip
          ? 0
          : k.daysOverdue >= 30
            ? 4
            : k.daysOverdue >= 14
              ? 3
              : k.daysOverdue >= 7
                ? 2
                : k.daysOverdue >= 3
                  ? 1
                  : 0),
      0,
    )
    return {
      postgres: db.postgres,
      payers,
      subsidiaries: subsidiaries.rows.length,
      overduePayers: overdueCount,
      invoices: invoiceIds.length,
      setupMs,
      runs,
      stages,
      jobsQueued,
      peakRssMb: peakRssMb(),
      checks: {
        firstRunFiredAll: first.fired === expectedFired && first.failed === 0,
        secondRunIdle:
          second.fired === 0 &&
          second.restored === 0 &&
          second.cleared === 0 &&
          second.failed === 0,
        restoredThePayers: restoration.cleared === restoring && restoration.failed === 0,
      },
    }
  } finally {
    await db.stop()
  }
}

const check = (ok: boolean) => (ok ? 'ok' : 'FAILED')

export const formatDunning = (s: DunningBenchSummary) =>
  [
    `${count(s.payers)} payers (+${count(s.subsidiaries)} subsidiaries paid for), ${count(s.overduePayers)} with an overdue invoice, ${count(s.invoices)} invoices; ` +
      `PostgreSQL ${POSTGRES_LABEL[s.postgres]}; set-up ${seconds(s.setupMs)}`,
    ...s.runs.map(
      (r) =>
        `  ${r.label}: ${seconds(r.ms)}${r.runsMs.length > 0 ? ` [${r.runsMs.map((ms) => seconds(ms)).join(', ')}]` : ''}` +
        `${r.goalMs === undefined ? '' : ` (goal ≤ ${seconds(r.goalMs)}: ${r.ms <= r.goalMs ? 'met' : 'NOT met'})`}  (fired ${count(r.fired)}, restored ${count(r.restored)}, cleared ${count(r.cleared)}, skipped ${count(r.skipped)}, failed ${r.failed}; in dunning after: ${count(r.inDunning)})`,
    ),
    `  actions: ${Object.entries(s.stages)
      .map(([action, n]) => `${action} ${count(n)}`)
      .join(', ')}; jobs queued (Watcher sync) ${count(s.jobsQueued)}; peak RSS ${s.peakRssMb} MB`,
    `  checks: first run fired every stage reached ${check(s.checks.firstRunFiredAll)}; second run did nothing ${check(s.checks.secondRunIdle)}; ` +
      `restoration cleared the payers that paid ${check(s.checks.restoredThePayers)}`,
  ].join('\n')

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      payers: { type: 'string' },
      'overdue-share': { type: 'string' },
      throwaway: { type: 'boolean' },
    },
  })
  console.log(
    formatDunning(
      await runDunningBench({
        payers: Number(values.payers ?? 10_000),
        overdueShare: Number(values['overdue-share'] ?? 0.1),
        throwaway: values.throwaway ?? false,
      }),
    ),
  )
  process.exit(0)
}
