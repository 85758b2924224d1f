/**
 * Recording payments (issue 7): the path POST /api/payments takes (recordPayment with an
 * Idempotency-Key, as an accountant, access enforced: the key claim, the payments collection's
 * hooks under the per-payer advisory lock, the ledger credit, `payment.received`, allocation to
 * the oldest open invoices, `invoice.paid`, the restoration-check query), one Local API request
 * and one transaction per payment. Five phases on one database:
 *   (a) 1 writer, payments round-robin over distinct payers;
 *   (b) 8 concurrent writers on distinct payers (writer w pays payers w, w+8, …: no lock waits);
 *   (c) 1 writer on one payer, and (d) 8 concurrent writers on that same kind of payer (the lock
 *       serializes them).
 * Every payer starts with 6 issued invoices (seeded in bulk with SQL, with their ledger debits);
 * payments cover part of them, so each one allocates to 1 or 2 invoices and some invoices become
 * paid on the way; none overpays. PostgreSQL as `npm start` runs it (fsync on; `--throwaway` off).
 * (e) is (a) again on payers of its own, with the answer at depth 0 (as `?depth=0`), for what the
 * populated answer costs.
 * The floor, measured before (a) and again after (e): the rows of a payment written with plain SQL,
 * one transaction per payment from one writer (the key claimed with the payer lock, the payment,
 * one allocation, the invoice, the ledger credit, the event, the key completed: 9 round trips,
 * one commit), everything decided beforehand. Phase (a) also counts the statements a payment sends.
 * Before the first floor, a warm-up that is not reported: `--warm-up` payments (300) through each
 * path on payers of their own, so that the first phases do not pay for a cold process and database.
 * Issue 15's goal for (a): ≥ 150 payments/s, p95 ≤ 15 ms.
 * Run alone: `npx tsx bench/payments.bench.ts [--payments 2000] [--one-payer 500] [--writers 8] [--floor 400] [--depth-zero 500] [--warm-up 300] [--throwaway]`.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type pg from 'pg'
import {
  arrayRowId,
  count,
  inParallel,
  ms1,
  peakRssMb,
  percentile,
  POSTGRES_LABEL,
  seconds,
  seedIssuedInvoices,
  seedPayers,
  startBenchDatabase,
  type BenchDatabase,
} from './billing-db'

const INVOICES_PER_PAYER = 6
/** Issue 15's goal for phase (a), one writer on distinct payers. */
export const GOAL = { perSecond: 150, p95Ms: 15 }

export interface PaymentPhase {
  label: string
  writers: number
  payers: number
  payments: number
  ms: number
  perSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  /** Allocation rows written and invoices that became paid in this phase. */
  allocations: number
  invoicesPaid: number
  /** Statements sent to PostgreSQL per payment (begin and commit included), when counted. */
  statementsPerPayment?: number
  /** This process's CPU time per payment (user + system): Payload's and our work, not PostgreSQL's. */
  cpuMsPerPayment: number
}

export interface PaymentsBenchSummary {
  postgres: BenchDatabase['postgres']
  setupMs: number
  phases: PaymentPhase[]
  /** The plain-SQL floor, before phase (a) and after phase (d). */
  floors: PaymentPhase[]
  peakRssMb: number
  checks: {
    /** Σ payments = Σ allocations (nothing overpaid), and invoices' amount_paid add up to it. */
    allocatedEqualsPaid: boolean
    /** amount_due = total − amount_paid on every invoice; paid ones have nothing due. */
    invoicesConsistent: boolean
    /** The ledger: each payer's balance = Σ invoices − Σ payments. */
    ledgerBalances: boolean
    /** One payment.received event per payment, one invoice.paid per paid invoice. */
    events: boolean
    failed: number
  }
}

export async function runPaymentsBench({
  payments = 2_000,
  onePayer = 500,
  writers = 8,
  floorPayments = 400,
  depthZero = 500,
  warmUp = 300,
  throwaway = false,
} = {}): Promise<PaymentsBenchSummary> {
  const started = performance.now()
  const db = await startBenchDatabase('payments', { throwaway })
  const { payload, pool } = db
  try {
    const { createLocalReq } = await import('payload')
    const { recordPayment } = await import('../src/payments')
    const { payerLockCall } = await import('../src/db')
    const accountant = (await (
      payload.create as (args: unknown) => Promise<Record<string, unknown>>
    )({
      collection: 'users',
      data: {
        email: 'bench-accountant@example.test',
        login: 'bench-accountant',
        password: 'bench-password-0123456789',
        role: 'accountant',
      },
      depth: 0,
    })) as { id: number }
    const user = { ...accountant, collection: 'users' }

    // --- the book: payers, each with 6 open invoices (due in the past, not yet dunned) ----------
    const perPayer = 5
    const distinct = Math.ceil(payments / perPayer)
    const sets = {
      sequential: await seedPayers(pool, distinct, { prefix: 'Bench sequential payer' }),
      concurrent: await seedPayers(pool, distinct, { prefix: 'Bench concurrent payer' }),
      oneSequential: await seedPayers(pool, 1, { prefix: 'Bench single payer (1 writer)' }),
      oneConcurrent: await seedPayers(pool, 1, { prefix: 'Bench single payer (8 writers)' }),
      depthZero: await seedPayers(pool, Math.ceil(depthZero / perPayer), {
        prefix: 'Bench payer (answer at depth 0)',
      }),
      // the floor: 4 payments of 10.00 per payer and run, on its oldest invoice (never paid off)
      floorBefore: await seedPayers(pool, Math.ceil(floorPayments / 4), {
        prefix: 'Bench floor payer (before)',
      }),
      floorAfter: await seedPayers(pool, Math.ceil(floorPayments / 4), {
        prefix: 'Bench floor payer (after)',
      }),
      // the warm-up's own payers, both paths (not measured)
      warmUp: await seedPayers(pool, Math.max(1, Math.ceil(warmUp / perPayer)), {
        prefix: 'Bench warm-up payer',
      }),
      floorWarmUp: await seedPayers(pool, Math.max(1, Math.ceil(warmUp / 4)), {
        prefix: 'Bench floor warm-up payer',
      }),
    }
    // distinct payers: 6 × 100.00 due, 5 payments of 75.00 (1 or 2 allocations each, 3 invoices paid)
    // one payer: 6 × 1,000.00 due, `onePayer` payments of 10.00 each (1 allocation; some invoices paid)
    const invoiceTotal = (payer: number) =>
      payer === sets.oneSequential[0] || payer === sets.oneConcurrent[0]
        ? Math.ceil((onePayer * 1_000) / 5)
        : 10_000
    const seeds = [
      ...sets.sequential,
      ...sets.concurrent,
      ...sets.oneSequential,
      ...sets.oneConcurrent,
      ...sets.depthZero,
      ...sets.floorBefore,
      ...sets.floorAfter,
      ...sets.warmUp,
      ...sets.floorWarmUp,
    ].flatMap((organization) =>
      Array.from({ length: INVOICES_PER_PAYER }, (_, month) => ({
        organization,
        period: `2026-${String(month + 1).padStart(2, '0')}`,
        total: invoiceTotal(organization),
        currency: 'EUR',
        issuedAt: new Date(Date.UTC(2026, month + 1, 1)),
        dueAt: new Date(Date.UTC(2026, month + 1, 15)),
      })),
    )
    await seedIssuedInvoices(pool, seeds, 'BENCH-PAY')
    await pool.query('analyze')
    // the seed's pages written out now, not by a checkpoint in the middle of the first phases (a
    // DATABASE_URL role without pg_checkpoint cannot: then the first phases may pay for it)
    await pool
      .query('checkpoint')
      .catch((error: Error) =>
        console.warn(`[payments-bench] no checkpoint after the seed: ${error.message}`),
      )
    const setupMs = performance.now() - started

    let keySequence = 0
    let failed = 0
    const payAtDepth = async (
      depth: number | undefined,
      organization: number,
      amount: number,
      latencies: number[],
    ) => {
      const key = `bench-${++keySequence}`
      const t0 = performance.now()
      try {
        const req = await createLocalReq({ user: user as never }, payload)
        // what POST /api/payments does with {organization, amount, currency, method, reference} and an Idempotency-Key
        const recorded = await recordPayment(
          req,
          {
            organization,
            amount,
            currency: 'EUR',
            method: 'bank_transfer',
            reference: `REF-${key}`,
          },
          { idempotency: { scope: `user:${accountant.id}`, key }, depth },
        )
        if (recorded.status !== 201 || recorded.replayed)
          throw new Error(`payment ${key}: status ${recorded.status}`)
      } catch (error) {
        failed++
        if (failed <= 3) console.error(error)
      }
      latencies.push(performance.now() - t0)
    }

    const pay = (organization: number, amount: number, latencies: number[]) =>
      payAtDepth(undefined, organization, amount, latencies)

    // the floor's payment: the same rows as a recorded payment of 10.00 on the payer's oldest open
    // invoice, decided beforehand, one transaction from one pooled connection
    const oldestInvoice = new Map(
      (
        await pool.query<{ organization_id: number; id: number; number: string }>(
          `select distinct on (organization_id) organization_id, id, number from invoices
            where organization_id = any($1::int[]) order by organization_id, due_at, id`,
          [[...sets.floorBefore, ...sets.floorAfter, ...sets.floorWarmUp]],
        )
      ).rows.map((row) => [Number(row.organization_id), row]),
    )
    const floorPay = async (organization: number, amount: number, latencies: number[]) => {
      const key = `bench-floor-${++keySequence}`
      const invoice = oldestInvoice.get(organization)!
      const t0 = performance.now()
      const client = await pool.connect()
      try {
        await client.query('begin')
        await client.query(
          `with payer_lock as (select ${payerLockCall('$4')})
           insert into payment_idempotency_keys (scope, key, request_hash) select $1, $2, $3 from payer_lock`,
          [`user:${accountant.id}`, key, key, organization],
        )
        const payment = (
          await client.query<{ id: number; date: Date }>(
            `insert into payments (organization_id, method, amount, currency, date, reference, unallocated, refunded, created_by_id, updated_at, created_at)
             values ($1, 'bank_transfer', $2, 'EUR', now(), $3, 0, 0, $4, now(), now()) returning id, date`,
            [organization, amount, `REF-${key}`, accountant.id],
          )
        ).rows[0]!
        await client.query(
          `insert into payments_allocations (_order, _parent_id, id, invoice_id, amount) values (1, $1, $2, $3, $4)`,
          [payment.id, arrayRowId(), invoice.id, amount],
        )
        await client.query(
          `update invoices set amount_paid = amount_paid + $2, amount_due = amount_due - $2, updated_at = now() where id = $1`,
          [invoice.id, amount],
        )
        await client.query(
          `insert into ledger_entries (organization_id, kind, amount, currency, reference, payment_id, occurred_at, created_by_id, updated_at, created_at)
           values ($1, 'payment', $2, 'EUR', $3, $4, $5, $6, now(), now())`,
          [organization, -amount, `REF-${key}`, payment.id, payment.date, accountant.id],
        )
        await client.query(
          `insert into billing_events (event_id, type, organization_id, data, occurred_at, updated_at, created_at)
           values (gen_random_uuid(), 'payment.received', $1, $2, now(), now(), now())`,
          [organization, JSON.stringify({ paymentId: payment.id, amount, currency: 'EUR' })],
        )
        await client.query(
          `update payment_idempotency_keys set payment_id = $3, status = 201, response = $4 where scope = $1 and key = $2`,
          [`user:${accountant.id}`, key, payment.id, JSON.stringify({ doc: payment })],
        )
        await client.query('commit')
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        failed++
        if (failed <= 3) console.error(error)
      } finally {
        client.release()
      }
      latencies.push(performance.now() - t0)
    }

    // statements sent per payment: every query of Payload's pool goes through its pg Client
    const Client = (pool as unknown as { Client: { prototype: { query: unknown } } }).Client
    const query = Client.prototype.query as (...args: unknown[]) => unknown
    let statements = 0
    const countStatements = (on: boolean) => {
      Client.prototype.query = on
        ? function (this: unknown, ...args: unknown[]) {
            statements++
            return query.apply(this, args)
          }
        : query
    }

    const phase = async (
      label: string,
      width: number,
      payers: number[],
      jobs: { organization: number; amount: number }[],
      { record = pay, counted = false } = {},
    ): Promise<PaymentPhase> => {
      const before = await tallies(pool, payers)
      const latencies: number[] = []
      statements = 0
      if (counted) countStatements(true)
      const cpu = process.cpuUsage()
      const t0 = performance.now()
      try {
        if (width === 1)
          for (const job of jobs) await record(job.organization, job.amount, latencies)
        else await inParallel(jobs, width, (job) => record(job.organization, job.amount, latencies))
      } finally {
        if (counted) countStatements(false)
      }
      const ms = performance.now() - t0
      const used = process.cpuUsage(cpu)
      const after = await tallies(pool, payers)
      latencies.sort((a, b) => a - b)
      return {
        label,
        writers: width,
        payers: payers.length,
        payments: jobs.length,
        ms,
        perSecond: jobs.length / (ms / 1000),
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies[latencies.length - 1] ?? 0,
        allocations: after.allocations - before.allocations,
        invoicesPaid: after.paid - before.paid,
        statementsPerPayment: counted ? statements / jobs.length : undefined,
        cpuMsPerPayment: (used.user + used.system) / 1000 / jobs.length,
      }
    }
    const floorJobs = (payers: number[], length = floorPayments) =>
      Array.from({ length }, (_, i) => ({
        organization: payers[i % payers.length]!,
        amount: 1_000,
      }))
    const floor = (when: string, payers: number[]) =>
      phase(`floor, ${when}: plain SQL, 1 writer`, 1, payers, floorJobs(payers), {
        record: floorPay,
      })

    // round-robin: payer 1, 2, …, n, then 1, 2, … again
    const roundRobin = (payers: number[], length = payments) =>
      Array.from({ length: payers.length * perPayer }, (_, i) => ({
        organization: payers[i % payers.length]!,
        amount: 7_500,
      })).slice(0, length)
    // inParallel hands the jobs out in order, so the 8 in flight are 8 consecutive payers: all different
    const concurrentJobs = roundRobin(sets.concurrent)
    const phases: PaymentPhase[] = []
    // the warm-up, not reported: both paths on payers of their own, so that neither the first floor
    // nor (a) pays for a process whose code is not yet optimized and a database not yet in cache
    const warmUps = [
      await phase('warm-up, plain SQL', 1, sets.floorWarmUp, floorJobs(sets.floorWarmUp, warmUp)),
      await phase('warm-up, recordPayment', 1, sets.warmUp, roundRobin(sets.warmUp, warmUp)),
    ]
    const floors = [await floor('before (a)', sets.floorBefore)]
    phases.push(
      await phase(
        `(a) 1 writer, ${count(distinct)} distinct payers`,
        1,
        sets.sequential,
        roundRobin(sets.sequential),
        { counted: true },
      ),
    )
    phases.push(
      await phase(
        `(b) ${writers} writers, ${count(distinct)} distinct payers`,
        writers,
        sets.concurrent,
        concurrentJobs,
      ),
    )
    const single = (payer: number) =>
      Array.from({ length: onePayer }, () => ({ organization: payer, amount: 1_000 }))
    phases.push(
      await phase('(c) 1 writer, one payer', 1, sets.oneSequential, single(sets.oneSequential[0]!)),
    )
    phases.push(
      await phase(
        `(d) ${writers} writers, one payer (the payer lock serializes)`,
        writers,
        sets.oneConcurrent,
        single(sets.oneConcurrent[0]!),
      ),
    )
    phases.push(
      await phase(
        `(e) as (a), the answer at depth 0 (?depth=0), ${count(sets.depthZero.length)} payers`,
        1,
        sets.depthZero,
        roundRobin(sets.depthZero, depthZero),
        {
          record: (organization, amount, latencies) =>
            payAtDepth(0, organization, amount, latencies),
          counted: true,
        },
      ),
    )
    floors.push(await floor('after (e)', sets.floorAfter))

    // --- checks ------------------------------------------------------------------------------
    const sums = (
      await pool.query<{
        paid: string
        allocated: string
        unallocated: string
        invoice_paid: string
        bad_invoices: string
        bad_ledger: string
        received: string
        invoice_paid_events: string
        paid_invoices: string
        payments: string
      }>(
        `select (select coalesce(sum(amount), 0) from payments) as paid,
                (select coalesce(sum(amount), 0) from payments_allocations) as allocated,
                (select coalesce(sum(unallocated), 0) from payments) as unallocated,
                (select coalesce(sum(amount_paid), 0) from invoices) as invoice_paid,
                (select count(*) from invoices where amount_due <> total - amount_paid or (status = 'paid') <> (amount_due = 0)) as bad_invoices,
                (select count(*) from organizations o where (select coalesce(sum(amount), 0) from ledger_entries l where l.organization_id = o.id)
                   <> (select coalesce(sum(total), 0) from invoices i where i.organization_id = o.id) - (select coalesce(sum(amount), 0) from payments p where p.organization_id = o.id)) as bad_ledger,
                (select count(*) from billing_events where type = 'payment.received') as received,
                (select count(*) from billing_events where type = 'invoice.paid') as invoice_paid_events,
                (select count(*) from invoices where status = 'paid') as paid_invoices,
                (select count(*) from payments) as payments`,
      )
    ).rows[0]!
    const expected = [...warmUps, ...phases, ...floors].reduce((sum, p) => sum + p.payments, 0)
    return {
      postgres: db.postgres,
      setupMs,
      phases,
      floors,
      peakRssMb: peakRssMb(),
      checks: {
        allocatedEqualsPaid:
          sums.paid === sums.allocated &&
          sums.paid === sums.invoice_paid &&
          Number(sums.unallocated) === 0,
        invoicesConsistent: Number(sums.bad_invoices) === 0,
        ledgerBalances: Number(sums.bad_ledger) === 0,
        events:
          Number(sums.received) === expected &&
          Number(sums.payments) === expected &&
          sums.invoice_paid_events === sums.paid_invoices,
        failed,
      },
    }
  } finally {
    await db.stop()
  }
}

/** Allocation rows and paid invoices of these payers so far. */
async function tallies(pool: pg.Pool, payers: number[]) {
  const { rows } = await pool.query<{ allocations: string; paid: string }>(
    `select (select count(*) from payments_allocations a join payments p on p.id = a._parent_id where p.organization_id = any($1::int[])) as allocations,
            (select count(*) from invoices where organization_id = any($1::int[]) and status = 'paid') as paid`,
    [payers],
  )
  return { allocations: Number(rows[0]!.allocations), paid: Number(rows[0]!.paid) }
}

const check = (ok: boolean) => (ok ? 'ok' : 'FAILED')

const phaseLine = (p: PaymentPhase) =>
  `  ${p.label}: ${count(p.payments)} payments in ${seconds(p.ms)} = ${p.perSecond.toFixed(0)} payments/s; ` +
  `latency p50 ${ms1(p.p50Ms)}, p95 ${ms1(p.p95Ms)}, p99 ${ms1(p.p99Ms)}, max ${ms1(p.maxMs)} (${count(p.allocations)} allocations, ${count(p.invoicesPaid)} invoices paid` +
  `; ${ms1(p.cpuMsPerPayment)} of this process's CPU per payment` +
  (p.statementsPerPayment === undefined
    ? ')'
    : `, ${p.statementsPerPayment.toFixed(1)} statements per payment)`)

export const formatPayments = (s: PaymentsBenchSummary) => {
  const floorRate = s.floors.reduce((sum, p) => sum + p.perSecond, 0) / s.floors.length
  const floorP95 = s.floors.reduce((sum, p) => sum + p.p95Ms, 0) / s.floors.length
  const a = s.phases[0]!
  const met = a.perSecond >= GOAL.perSecond && a.p95Ms <= GOAL.p95Ms
  return [
    `recordPayment (POST /api/payments' path, Idempotency-Key, accountant), one transaction per payment; PostgreSQL ${POSTGRES_LABEL[s.postgres]}; set-up ${seconds(s.setupMs)}`,
    phaseLine(s.floors[0]!),
    ...s.phases.map(phaseLine),
    ...s.floors.slice(1).map(phaseLine),
    `  floor, mean of the two: ${floorRate.toFixed(0)} payments/s, p95 ${ms1(floorP95)}; ` +
      `(a) is ${((100 * a.perSecond) / floorRate).toFixed(0)} % of the floor's rate, p95 ${(a.p95Ms / floorP95).toFixed(1)}× the floor's`,
    `  goal for (a) (issue 15): ≥ ${GOAL.perSecond} payments/s and p95 ≤ ${GOAL.p95Ms} ms: ` +
      `${a.perSecond.toFixed(0)} payments/s, p95 ${ms1(a.p95Ms)}: ${met ? 'met' : 'not met'}`,
    `  peak RSS ${s.peakRssMb} MB; checks: Σ payments = Σ allocations = Σ amount_paid ${check(s.checks.allocatedEqualsPaid)}; ` +
      `invoices due = total − paid ${check(s.checks.invoicesConsistent)}; ledger balances ${check(s.checks.ledgerBalances)}; events ${check(s.checks.events)}; failed ${s.checks.failed}`,
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      payments: { type: 'string' },
      'one-payer': { type: 'string' },
      writers: { type: 'string' },
      floor: { type: 'string' },
      'depth-zero': { type: 'string' },
      'warm-up': { type: 'string' },
      throwaway: { type: 'boolean' },
    },
  })
  console.log(
    formatPayments(
      await runPaymentsBench({
        payments: Number(values.payments ?? 2_000),
        onePayer: Number(values['one-payer'] ?? 500),
        writers: Number(values.writers ?? 8),
        floorPayments: Number(values.floor ?? 400),
        depthZero: Number(values['depth-zero'] ?? 500),
        warmUp: Number(values['warm-up'] ?? 300),
        throwaway: values.throwaway ?? false,
      }),
    ),
  )
  process.exit(0)
}
