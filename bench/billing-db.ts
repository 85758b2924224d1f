/**
 * Shared set-up of the money-in benchmarks (payments, dunning, outbox) and the API benchmark: a
 * fresh embedded PostgreSQL 15 with the committed migrations, Payload loaded on it in this process,
 * and bulk SQL seeds of payers, issued invoices (with their ledger debits, as issueInvoice writes
 * them), their lines, and recorded payments (allocations, ledger credits, invoices settled). Payload
 * loads its config (DATABASE_URL included) once per process: one benchmark per process.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Payload } from 'payload'
import type pg from 'pg'
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embeddedPostgres'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface BenchDatabase {
  payload: Payload
  pool: pg.Pool
  /** throwaway: fsync and synchronous commit off (as the tests); durable: as `npm start`; external: DATABASE_URL. */
  postgres: 'throwaway' | 'durable' | 'external'
  stop(): Promise<void>
}

export const POSTGRES_LABEL = {
  throwaway: 'embedded, fsync and synchronous commit off',
  durable: 'embedded, fsync on as in production',
  external: 'at DATABASE_URL',
} as const

/** Starts PostgreSQL (unless DATABASE_URL is set), migrates a new database and loads Payload on it. */
export async function startBenchDatabase(
  name: string,
  {
    throwaway = false,
    env: extraEnv = {},
  }: { throwaway?: boolean; env?: Record<string, string> } = {},
): Promise<BenchDatabase> {
  const external = Boolean(process.env.DATABASE_URL)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wb-bench-${name}-`))
  fs.chmodSync(dir, 0o755)
  const postgres = external
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), ephemeral: throwaway })
  const database = `wb_bench_${name}_${Date.now()}`
  const maintenance = process.env.DATABASE_URL ?? postgres!.url('postgres')
  await ensureDatabase(maintenance, database)
  const url = new URL(maintenance)
  url.pathname = `/${database}`
  const outerEnv = { ...process.env }
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    PAYLOAD_SECRET: 'bench-secret-not-for-production',
    PAYLOAD_DISABLE_DEPENDENCY_CHECKER: 'true',
    ...extraEnv,
  }
  Object.assign(process.env, env)
  const migrated = spawnSync('npx', ['tsx', 'scripts/migrate.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (migrated.status !== 0) throw new Error('migrations failed')
  const { getPayload } = await import('payload')
  const config = (await import('../payload.config')).default
  const payload: Payload = await getPayload({ config })
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  // stopping the embedded server at the end must not crash this process through an idle client
  pool.on('error', () => undefined)
  return {
    payload,
    pool,
    postgres: external ? 'external' : throwaway ? 'throwaway' : 'durable',
    async stop() {
      await payload.destroy().catch(() => undefined)
      await postgres?.stop()
      fs.rmSync(dir, { recursive: true, force: true })
      for (const key of Object.keys(env)) if (!(key in outerEnv)) delete process.env[key]
      Object.assign(process.env, outerEnv)
    },
  }
}

/** `count` payers (they pay for themselves) in one insert; answers their ids in order. */
export async function seedPayers(
  pool: pg.Pool,
  count: number,
  {
    prefix,
    currency = 'EUR',
    paymentTermsDays = 14,
  }: { prefix: string; currency?: string; paymentTermsDays?: number },
): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `insert into organizations (title, payer, timezone, currency, tax_rate_bp, payment_terms_days, status, created_at, updated_at)
      select $1 || ' ' || lpad(n::text, 6, '0'), 'self', 'UTC', $2, 0, $3, 'active', now(), now()
        from generate_series(1, $4::int) as n
      order by n
      returning id`,
    [prefix, currency, paymentTermsDays, count],
  )
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b)
}

export interface IssuedInvoiceSeed {
  organization: number
  /** YYYY-MM, one per payer and period. */
  period: string
  total: number
  currency: string
  issuedAt: Date
  dueAt: Date
}

/**
 * Issued invoices as issueInvoice leaves them (number, dates, amount_due = total, nothing paid)
 * with their ledger debits, in two statements; no PDF (nothing here reads it). Answers the ids in
 * the order given.
 */
export async function seedIssuedInvoices(
  pool: pg.Pool,
  invoices: IssuedInvoiceSeed[],
  numberPrefix: string,
): Promise<number[]> {
  if (invoices.length === 0) return []
  const { rows } = await pool.query<{ id: number; ord: string }>(
    `insert into invoices (organization_id, period, status, number, period_start, period_end, subtotal, tax, total, currency, tax_rate_bp,
        amount_paid, amount_credited, amount_due, issued_at, due_at, generated_at, updated_at, created_at)
      select s.organization, s.period, 'issued', $7 || '-' || lpad(s.ord::text, 7, '0'),
             to_timestamp(s.period || '-01', 'YYYY-MM-DD'), to_timestamp(s.period || '-01', 'YYYY-MM-DD') + interval '1 month',
             s.total, 0, s.total, s.currency, 0, 0, 0, s.total, s.issued_at, s.due_at, s.issued_at, s.issued_at, s.issued_at
        from unnest($1::int[], $2::varchar[], $3::numeric[], $4::varchar[], $5::timestamptz[], $6::timestamptz[]) with ordinality
          as s(organization, period, total, currency, issued_at, due_at, ord)
       order by s.ord
      returning id`,
    [
      invoices.map((i) => i.organization),
      invoices.map((i) => i.period),
      invoices.map((i) => i.total),
      invoices.map((i) => i.currency),
      invoices.map((i) => i.issuedAt),
      invoices.map((i) => i.dueAt),
      numberPrefix,
    ],
  )
  const ids = rows.map((row) => Number(row.id))
  await pool.query(
    `insert into ledger_entries (organization_id, kind, amount, currency, reference, invoice_id, occurred_at, updated_at, created_at)
      select i.organization_id, 'invoice', i.total, i.currency, i.number, i.id, i.issued_at, now(), now()
        from invoices i where i.id = any($1::int[])`,
    [ids],
  )
  return ids
}

export interface InvoiceLineSeed {
  invoice: number
  /** The organization the line bills (a subsidiary's lines are on its payer's invoice). */
  organization: number
  subscription: number
  description: string
  segmentStart: Date
  segmentEnd: Date
  cameraSeconds: number
  /** Two decimals, as the month close writes them. */
  cameraDays: string
  averageCameras: string
  unitPrice: number
  amount: number
}

/** Invoice lines as the month close writes them (one row of the invoices' `lines` array each), in one insert. */
export async function seedInvoiceLines(pool: pg.Pool, lines: InvoiceLineSeed[]): Promise<void> {
  if (lines.length === 0) return
  const order = new Map<number, number>()
  const column = <T>(pick: (line: InvoiceLineSeed) => T) => lines.map(pick)
  await pool.query(
    `insert into invoices_lines (_order, _parent_id, id, organization_id, subscription_id, description, segment_start,
        segment_end, camera_seconds, camera_days, average_cameras, unit_price, amount)
      select * from unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::int[], $6::varchar[], $7::timestamptz[],
        $8::timestamptz[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])`,
    [
      column((line) => {
        const next = (order.get(line.invoice) ?? 0) + 1
        order.set(line.invoice, next)
        return next
      }),
      column((line) => line.invoice),
      column(() => arrayRowId()),
      column((line) => line.organization),
      column((line) => line.subscription),
      column((line) => line.description),
      column((line) => line.segmentStart),
      column((line) => line.segmentEnd),
      column((line) => line.cameraSeconds),
      column((line) => line.cameraDays),
      column((line) => line.averageCameras),
      column((line) => line.unitPrice),
      column((line) => line.amount),
    ],
  )
}

export interface PaymentSeed {
  organization: number
  amount: number
  currency: string
  date: Date
  reference: string
  /** The user who recorded it. */
  createdBy: number | null
  /** Oldest invoice first; what is left of `amount` stays unallocated (credit). */
  allocations: { invoice: number; amount: number }[]
}

/**
 * Recorded payments as recordPayment leaves them: the payment (its unallocated rest), its
 * allocation rows, the ledger credit, and on each invoice covered amount_paid and amount_due
 * (paid, with the payment's date and reference, once nothing is due). No billing events. In four
 * statements; answers the payment ids in the order given.
 */
export async function seedPayments(pool: pg.Pool, payments: PaymentSeed[]): Promise<number[]> {
  if (payments.length === 0) return []
  const { rows } = await pool.query<{ id: number }>(
    `insert into payments (organization_id, method, amount, currency, date, reference, unallocated, refunded, created_by_id, updated_at, created_at)
      select s.organization, 'bank_transfer', s.amount, s.currency, s.date, s.reference, s.unallocated, 0, s.created_by, s.date, s.date
        from unnest($1::int[], $2::numeric[], $3::varchar[], $4::timestamptz[], $5::varchar[], $6::numeric[], $7::int[]) with ordinality
          as s(organization, amount, currency, date, reference, unallocated, created_by, ord)
       order by s.ord
      returning id`,
    [
      payments.map((p) => p.organization),
      payments.map((p) => p.amount),
      payments.map((p) => p.currency),
      payments.map((p) => p.date),
      payments.map((p) => p.reference),
      payments.map((p) => p.amount - p.allocations.reduce((sum, a) => sum + a.amount, 0)),
      payments.map((p) => p.createdBy),
    ],
  )
  const ids = rows.map((row) => Number(row.id))
  const allocations = payments.flatMap((payment, index) =>
    payment.allocations.map((allocation, order) => ({
      payment: ids[index]!,
      order: order + 1,
      ...allocation,
    })),
  )
  await pool.query(
    `insert into payments_allocations (_order, _parent_id, id, invoice_id, amount)
      select * from unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::numeric[])`,
    [
      allocations.map((a) => a.order),
      allocations.map((a) => a.payment),
      allocations.map(() => arrayRowId()),
      allocations.map((a) => a.invoice),
      allocations.map((a) => a.amount),
    ],
  )
  await pool.query(
    `insert into ledger_entries (organization_id, kind, amount, currency, reference, payment_id, occurred_at, created_by_id, updated_at, created_at)
      select p.organization_id, 'payment', -p.amount, p.currency, p.reference, p.id, p.date, p.created_by_id, now(), now()
        from payments p where p.id = any($1::int[])`,
    [ids],
  )
  // the latest allocation to an invoice settles it: its payment's date and reference
  await pool.query(
    `with covered as (
       select a.invoice_id, sum(a.amount) as amount,
              (array_agg(p.date order by p.date desc, p.id desc))[1] as last_date,
              (array_agg(p.reference order by p.date desc, p.id desc))[1] as last_reference
         from payments_allocations a join payments p on p.id = a._parent_id
        where p.id = any($1::int[])
        group by a.invoice_id)
     update invoices i
        set amount_paid = coalesce(i.amount_paid, 0) + c.amount,
            amount_due = coalesce(i.amount_due, i.total) - c.amount,
            status = case when coalesce(i.amount_due, i.total) - c.amount = 0 then 'paid' else i.status end,
            paid_at = case when coalesce(i.amount_due, i.total) - c.amount = 0 then c.last_date else i.paid_at end,
            payment_reference = case when coalesce(i.amount_due, i.total) - c.amount = 0 then c.last_reference else i.payment_reference end,
            updated_at = greatest(i.updated_at, c.last_date)
       from covered c
      where i.id = c.invoice_id`,
    [ids],
  )
  return ids
}

/** A new row id of a Payload array, in the shape Payload writes them (24 hex digits). */
export const arrayRowId = () => randomBytes(12).toString('hex')

/** Runs `task` over `items` with at most `width` at a time. */
export async function inParallel<T>(
  items: T[],
  width: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        await task(items[index]!, index)
      }
    }),
  )
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
export const count = (n: number) => n.toLocaleString('en-US')
export const ms1 = (ms: number) => `${ms.toFixed(1)} ms`
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024)
