/**
 * The month close at scale (issue 5): 10,000 organizations and 100,000 cameras, time to all
 * drafts through `generateInvoices` (the real path), against the floor (a raw bulk insert of the
 * very same invoice and line rows, one statement per table) and against the straightforward path
 * (one `payload.create` per invoice through the Local API), in the same run, on one database.
 * Payload loads its config, DATABASE_URL included, once per process: run this benchmark in a
 * process of its own (not after another DB-backed one in the same process).
 * Run alone: `npx tsx bench/month-close.bench.ts [--organizations 10000] [--cameras 100000]
 * [--sample 1000] [--naive-budget 180] [--throwaway] [--generate module.ts]`: the naive path runs in
 * full unless a probe of 50 payers says it would take longer than --naive-budget seconds; then it
 * is timed on --sample payers spread over all of them and extrapolated (the output says so).
 * PostgreSQL runs as `npm start` runs it (fsync and synchronous commit on: a month close commits
 * per payer, so this matters); `--throwaway` turns them off as the tests do. `--generate <module>`
 * times that module's `generateInvoices` as (a) instead of src/invoicing/generate.ts, to try a
 * change against the same world, floor and naive path.
 *
 * The data: a fresh embedded PostgreSQL with the committed migrations; services and subscriptions
 * through the Local API (one subscription changes its price mid-month, so some lines split);
 * organizations in one raw insert (UTC, Europe/Berlin and Asia/Tokyo; every 20th a parent with two
 * subsidiaries that pay through it, in every other group a third two levels down, and one that
 * pays itself; a few on a trial ending in the month; about 4 % without cameras; every plan
 * available to all); camera usage in one unnest insert:
 * cameras on all month, started or stopped in the month, moved to another organization or plan
 * (two intervals), and some that ended before the month (nothing to bill).
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Payload } from 'payload'
import type pg from 'pg'
import type { GenerateOptions, GenerateResult } from '../src/invoicing'
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embeddedPostgres'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  payerOf,
  type OrganizationTerms,
  type UsageInterval,
} from '../src/billing/invoiceAssembly'
import { billingPeriod } from '../src/billing/period'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const PERIOD = '2026-10' // Europe/Berlin leaves DST on 25 Oct: that month has 31 days + 1 h there
const TIME_ZONES = ['UTC', 'Europe/Berlin', 'Asia/Tokyo'] as const

export type Generate = (payload: Payload, options: GenerateOptions) => Promise<GenerateResult>

export interface MonthCloseOptions {
  organizations?: number
  cameras?: number
  /** Payers timed in the naive path when the whole of it would take longer than naiveBudgetMs. */
  naiveSample?: number
  /** Beyond this estimate (from a probe of 50 payers) the naive path is sampled; default 3 minutes. */
  naiveBudgetMs?: number
  /** fsync and synchronous commit off, as the tests run PostgreSQL (default: on, as `npm start` does). */
  throwaway?: boolean
  /** The month close timed as (a); default generateInvoices of src/invoicing/generate.ts. */
  generate?: Generate
}

export interface MonthCloseSummary {
  period: string
  /** throwaway: embedded, fsync and synchronous commit off; durable: embedded, as `npm start`; external: DATABASE_URL. */
  postgres: 'throwaway' | 'durable' | 'external'
  organizations: number
  payers: number
  cameras: number
  usageRows: number
  setupMs: number
  invoices: number
  lines: number
  /** (a) generateInvoices, the real path, to all drafts. */
  generate: {
    ms: number
    /** Measured apart after the run: the same reads and the pure assembly; writes are the rest. */
    loadTermsMs: number
    usageQueryMs: number
    assemblyMs: number
    writesMs: number
    rssBeforeMb: number
    rssPeakMb: number
  }
  /** (d) closeEndedMonths (the hourly task) when every draft of the month exists: all skipped. */
  hourlyRerunMs: number
  /** (b) the floor: the rows (a) wrote, inserted again with one unnest insert per table. */
  floor: { ms: number; invoicesMs: number; linesMs: number; rssPeakMb: number }
  /** (c) one payload.create per invoice (depth 0), after the same reads and assembly as (a). */
  naive: {
    /** Measured, or extrapolated from the sample when `sampled`. */
    ms: number
    sampled: boolean
    samplePayers: number
    sampleInvoices: number
    sampleMs: number
    /** The reads before the loop (terms, usage): paid once whatever the sample. */
    readsMs: number
    perInvoiceMs: number
    rssPeakMb: number
  }
  peakRssMb: number
  checks: {
    /** Invoices in the database = payers with billable usage, computed apart from the generator's data. */
    invoicesEqualPayersWithUsage: boolean
    expectedInvoices: number
    /** Σ line amounts = Σ subtotals, and each invoice's subtotal is the sum of its lines. */
    lineAmountsEqualSubtotals: boolean
    totalsEqualSubtotalPlusTax: boolean
    failed: number
    empty: number
    /** The naive path's invoices have the subtotals and line counts (a) gave the same payers. */
    naiveMatchesGenerate: boolean
    /**
     * (a) read payers in batches: its invoices are, payer by payer, the drafts the whole book
     * assembled at once gives (totals, tax, and every line's organization, subscription, segment,
     * camera-seconds and amount).
     */
    batchesMatchWholeBook: boolean
  }
}

/** Deterministic pseudo-random numbers (mulberry32): every run bills the same world. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const mb = (bytes: number) => Math.round(bytes / 1048576)

/** Samples the process's RSS while a phase runs (the event loop permitting). */
function rssSampler() {
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  return {
    before: mb(before),
    stop: () => {
      clearInterval(timer)
      return mb(Math.max(peak, process.memoryUsage().rss))
    },
  }
}

interface OrganizationSeed {
  index: number
  title: string
  payer: 'self' | 'parent'
  /** Index of the parent in the seed list. */
  parent: number | null
  timeZone: string
  taxRateBp: number
  paymentTermsDays: number
  trialEndsAt: Date | null
  hasCameras: boolean
}

interface UsageSeed {
  organization: number
  /** Index into the bench's subscriptions. */
  subscription: number
  cameraKey: string
  from: Date
  to: Date | null
}

function seedOrganizations(count: number): OrganizationSeed[] {
  const organizations: OrganizationSeed[] = []
  for (let index = 0; index < count; index++) {
    const slot = index % 20
    const group = index - slot
    let parent: number | null = null
    let payer: 'self' | 'parent' = 'self'
    if ((slot === 1 || slot === 2) && group < count) [parent, payer] = [group, 'parent'] // subsidiaries on the parent's invoice
    if (slot === 3) parent = group // a subsidiary that pays itself
    if (slot === 4 && (group / 20) % 2 === 0) [parent, payer] = [group + 1, 'parent'] // two levels down, still the group's parent pays
    organizations.push({
      index,
      title: `Bench organization ${String(index + 1).padStart(5, '0')}`,
      payer,
      parent,
      timeZone: TIME_ZONES[index % 3]!,
      taxRateBp: [0, 1900, 2000, 1000][index % 4]!,
      paymentTermsDays: [14, 30, 7][index % 3]!,
      trialEndsAt: index % 50 === 7 ? new Date('2026-10-10T00:00:00Z') : null,
      hasCameras: index % 25 !== 11,
    })
  }
  return organizations
}

function seedUsage(
  organizations: OrganizationSeed[],
  cameras: number,
  subscriptionCount: number,
): UsageSeed[] {
  const rand = random(20261001)
  const day = 86_400_000
  const at = (iso: string) => new Date(iso).getTime()
  const octStart = at('2026-10-01T00:00:00Z')
  const within = (fromDay: number, toDay: number) =>
    new Date(octStart + (fromDay + rand() * (toDay - fromDay)) * day)
  const before = () =>
    new Date(
      at('2026-01-01T00:00:00Z') +
        rand() * (at('2026-09-20T00:00:00Z') - at('2026-01-01T00:00:00Z')),
    )
  const plan = () => {
    const u = rand()
    return u < 0.5 ? 0 : u < 0.85 || subscriptionCount < 3 ? Math.min(1, subscriptionCount - 1) : 2
  }
  // heavy-tailed sizes: a few organizations with many cameras, most with a handful
  const eligible = organizations.filter((organization) => organization.hasCameras)
  const cumulative: number[] = []
  let total = 0
  for (let i = 0; i < eligible.length; i++) cumulative.push((total += 1 / (rand() + 0.02)))
  const pick = () => {
    const target = rand() * total
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle]! < target) low = middle + 1
      else high = middle
    }
    return eligible[low]!.index
  }
  const key = (camera: number) =>
    createHash('sha256').update(`bench-camera-${camera}`).digest('hex')
  const rows: UsageSeed[] = []
  for (let camera = 0; camera < cameras; camera++) {
    // every organization with cameras has at least one on all month
    const organization = camera < eligible.length ? eligible[camera]!.index : pick()
    const cameraKey = key(camera)
    const subscription = plan()
    const kind = camera < eligible.length ? 0 : rand()
    if (kind < 0.7) rows.push({ organization, subscription, cameraKey, from: before(), to: null })
    else if (kind < 0.78)
      rows.push({ organization, subscription, cameraKey, from: within(1, 28), to: null })
    else if (kind < 0.85)
      rows.push({ organization, subscription, cameraKey, from: before(), to: within(2, 28) })
    else if (kind < 0.9) {
      const from = within(0, 20)
      rows.push({
        organization,
        subscription,
        cameraKey,
        from,
        to: new Date(from.getTime() + (1 + rand() * 9) * day),
      })
    } else if (kind < 0.97) {
      // moved: to another organization, or to another plan in the same one
      const moment = within(3, 27)
      const other = rand() < 0.5
      rows.push({ organization, subscription, cameraKey, from: before(), to: moment })
      rows.push({
        organization: other ? pick() : organization,
        subscription: other ? subscription : (subscription + 1) % subscriptionCount,
        cameraKey,
        from: moment,
        to: null,
      })
    } else {
      // ended before the month: read by nobody
      const from = before()
      rows.push({
        organization,
        subscription,
        cameraKey,
        from,
        to: new Date(Math.min(from.getTime() + 10 * day, at('2026-09-25T00:00:00Z'))),
      })
    }
  }
  return rows
}

/** The payers that must get an invoice, worked out from the seed alone (not from what was written). */
function expectedPayers(organizations: OrganizationSeed[], usage: UsageSeed[]): Set<number> {
  const payerIndex = (index: number): number => {
    let current = organizations[index]!
    while (current.payer === 'parent' && current.parent !== null)
      current = organizations[current.parent]!
    return current.index
  }
  const payers = new Set<number>()
  for (const row of usage) {
    const payer = payerIndex(row.organization)
    const period = billingPeriod(PERIOD, organizations[payer]!.timeZone)
    const trial = organizations[row.organization]!.trialEndsAt?.getTime() ?? -Infinity
    const from = Math.max(row.from.getTime(), period.start.getTime(), trial)
    const to = Math.min(row.to?.getTime() ?? Infinity, period.end.getTime())
    if (to - from >= 1000) payers.add(payer)
  }
  return payers
}

const invoiceColumns = [
  ['id', 'int'],
  ['organization_id', 'int'],
  ['period', 'varchar'],
  ['status', 'enum_invoices_status'],
  ['period_start', 'timestamptz'],
  ['period_end', 'timestamptz'],
  ['subtotal', 'numeric'],
  ['tax', 'numeric'],
  ['total', 'numeric'],
  ['currency', 'varchar'],
  ['tax_rate_bp', 'numeric'],
  ['generated_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
] as const
const lineColumns = [
  ['_order', 'int'],
  ['_parent_id', 'int'],
  ['id', 'varchar'],
  ['organization_id', 'int'],
  ['subscription_id', 'int'],
  ['description', 'varchar'],
  ['segment_start', 'timestamptz'],
  ['segment_end', 'timestamptz'],
  ['camera_seconds', 'numeric'],
  ['camera_days', 'numeric'],
  ['average_cameras', 'numeric'],
  ['unit_price', 'numeric'],
  ['amount', 'numeric'],
] as const

/** One statement for all rows: a column per array parameter (a VALUES list would pass 65,535 parameters). */
const unnestInsert = (table: string, columns: readonly (readonly [string, string])[]) =>
  `insert into ${table} (${columns.map(([name]) => `"${name}"`).join(', ')})
    select * from unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`
const columnArrays = (
  rows: Record<string, unknown>[],
  columns: readonly (readonly [string, string])[],
) => columns.map(([name]) => rows.map((row) => row[name]))

export async function runMonthCloseBench({
  organizations = 10_000,
  cameras = 100_000,
  naiveSample = 1_000,
  naiveBudgetMs = 180_000,
  throwaway = false,
  generate,
}: MonthCloseOptions = {}): Promise<MonthCloseSummary> {
  const setupStarted = performance.now()
  const external = Boolean(process.env.DATABASE_URL)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-close-'))
  fs.chmodSync(dir, 0o755)
  const postgres = external
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), ephemeral: throwaway })
  const database = `wb_bench_close_${Date.now()}`
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
  }
  Object.assign(process.env, env)
  const migrated = spawnSync('npx', ['tsx', 'scripts/migrate.ts'], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  if (migrated.status !== 0) throw new Error('migrations failed')

  const { getPayload } = await import('payload')
  const config = (await import('../payload.config')).default
  const generateInvoices: Generate = generate ?? (await import('../src/invoicing')).generateInvoices
  const { loadTerms } = await import('../src/invoicing')
  const { closeEndedMonths } = await import('../src/invoicing')
  const payload: Payload = await getPayload({ config })
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  // stopping the embedded server at the end must not crash this process through an idle client
  pool.on('error', () => undefined)
  try {
    // --- the world -------------------------------------------------------------------------
    const create = (collection: string, data: Record<string, unknown>) =>
      (payload.create as (args: unknown) => Promise<{ id: number }>)({ collection, data, depth: 0 })
    const archive7 = await create('services', {
      title: 'Bench archive 7 days',
      kind: 'continuous_archive',
      archiveDays: 7,
      price: 500,
      currency: 'EUR',
    })
    const archive14 = await create('services', {
      title: 'Bench archive 14 days',
      kind: 'continuous_archive',
      archiveDays: 14,
      price: 800,
      currency: 'EUR',
    })
    const faces = await create('services', {
      title: 'Bench faces',
      kind: 'analytics',
      analytics: 'faces',
      price: 1200,
      currency: 'EUR',
    })
    const archive30 = await create('services', {
      title: 'Bench archive 30 days',
      kind: 'continuous_archive',
      archiveDays: 30,
      price: 1500,
      currency: 'EUR',
    })
    const storage = await create('services', {
      title: 'Bench storage 100 GB',
      kind: 'storage',
      storageGb: 100,
      price: 700,
      currency: 'EUR',
    })
    const subscriptionIds = [
      (
        await create('subscriptions', {
          title: 'Bench Basic 7',
          currency: 'EUR',
          services: [archive7.id],
        })
      ).id,
      (
        await create('subscriptions', {
          title: 'Bench Business 14 + faces',
          currency: 'EUR',
          services: [archive14.id, faces.id],
        })
      ).id,
      // a new price from 15 October: its cameras get two lines, one per price
      (
        await create('subscriptions', {
          title: 'Bench Enterprise 30 + storage',
          currency: 'EUR',
          services: [archive30.id, storage.id],
          prices: [
            { from: '2026-01-01T00:00:00.000Z', amount: 2200 },
            { from: '2026-10-15T00:00:00.000Z', amount: 2500 },
          ],
        })
      ).id,
    ]

    const orgSeeds = seedOrganizations(organizations)
    const created = new Date()
    const inserted = await pool.query<{ id: number; title: string }>(
      `insert into organizations (title, payer, timezone, currency, tax_rate_bp, payment_terms_days, status, trial_ends_at,
          default_subscription_id, created_at, updated_at)
        select title, payer::enum_organizations_payer, timezone, 'EUR', tax_rate_bp, payment_terms_days, 'active', trial_ends_at, $7, $8, $8
          from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::numeric[], $5::numeric[], $6::timestamptz[])
            as seed(title, payer, timezone, tax_rate_bp, payment_terms_days, trial_ends_at)
        returning id, title`,
      [
        orgSeeds.map((o) => o.title),
        orgSeeds.map((o) => o.payer),
        orgSeeds.map((o) => o.timeZone),
        orgSeeds.map((o) => o.taxRateBp),
        orgSeeds.map((o) => o.paymentTermsDays),
        orgSeeds.map((o) => o.trialEndsAt),
        subscriptionIds[0],
        created,
      ],
    )
    const idByTitle = new Map(inserted.rows.map((row) => [row.title, Number(row.id)]))
    const orgIds = orgSeeds.map((o) => idByTitle.get(o.title)!)
    const children = orgSeeds.filter((o) => o.parent !== null)
    await pool.query(
      `update organizations o set parent_id = link.parent from unnest($1::int[], $2::int[]) as link(id, parent) where o.id = link.id`,
      [children.map((o) => orgIds[o.index]), children.map((o) => orgIds[o.parent!])],
    )
    // every plan available to every organization, as the admin would set it
    await pool.query(
      `insert into organizations_rels ("order", parent_id, path, subscriptions_id)
        select s.ord, o.id, 'availableSubscriptions', s.id from unnest($1::int[]) as o(id)
          cross join unnest($2::int[]) with ordinality as s(id, ord)`,
      [orgIds, subscriptionIds],
    )

    // the seed rows are let go before the close: (a)'s memory is the month close's, not the seed's
    const { expected, usageRows } = await (async () => {
      const usageSeeds = seedUsage(orgSeeds, cameras, subscriptionIds.length)
      await pool.query(
        `insert into camera_usage (organization_id, subscription_id, camera_key, "from", "to", updated_at, created_at)
          select *, now(), now() from unnest($1::int[], $2::int[], $3::varchar[], $4::timestamptz[], $5::timestamptz[])`,
        [
          usageSeeds.map((u) => orgIds[u.organization]),
          usageSeeds.map((u) => subscriptionIds[u.subscription]),
          usageSeeds.map((u) => u.cameraKey),
          usageSeeds.map((u) => u.from),
          usageSeeds.map((u) => u.to),
        ],
      )
      await pool.query('analyze')
      return { expected: expectedPayers(orgSeeds, usageSeeds), usageRows: usageSeeds.length }
    })()
    const payerCount = orgSeeds.filter((o) => !(o.payer === 'parent' && o.parent !== null)).length
    const setupMs = performance.now() - setupStarted

    // --- (a) the real path -------------------------------------------------------------------
    let memory = rssSampler()
    let started = performance.now()
    const result = await generateInvoices(payload, { period: PERIOD })
    const generateMs = performance.now() - started
    const generateRss = { before: memory.before, peak: memory.stop() }

    const invoiceRows = (
      await pool.query<Record<string, unknown>>(
        `select ${invoiceColumns.map(([c]) => `"${c}"`).join(', ')} from invoices where period = $1 order by id`,
        [PERIOD],
      )
    ).rows
    const lineRows = (
      await pool.query<Record<string, unknown>>(
        `select ${lineColumns.map(([c]) => `l."${c}"`).join(', ')} from invoices_lines l join invoices i on i.id = l._parent_id
          where i.period = $1 order by l._parent_id, l._order`,
        [PERIOD],
      )
    ).rows
    const sums = (
      await pool.query<{
        lines: string
        subtotals: string
        mismatched: string
        bad_totals: string
      }>(
        `select (select coalesce(sum(amount), 0) from invoices_lines l join invoices i on i.id = l._parent_id where i.period = $1) as lines,
                (select coalesce(sum(subtotal), 0) from invoices where period = $1) as subtotals,
                (select count(*) from invoices i where i.period = $1
                   and i.subtotal <> (select coalesce(sum(amount), 0) from invoices_lines l where l._parent_id = i.id)) as mismatched,
                (select count(*) from invoices where period = $1 and total <> subtotal + tax) as bad_totals`,
        [PERIOD],
      )
    ).rows[0]!
    const expectedIds = new Set([...expected].map((index) => orgIds[index]))
    const invoicedIds = new Set(invoiceRows.map((row) => Number(row.organization_id)))
    const invoicesEqualPayersWithUsage =
      invoiceRows.length === expectedIds.size &&
      result.created.length === invoiceRows.length &&
      [...expectedIds].every((id) => invoicedIds.has(id))

    // (d) the hourly schedule once every draft exists: it finds each payer's ended month and skips it
    started = performance.now()
    const rerun = await closeEndedMonths(payload, new Date('2026-11-01T15:30:00Z')) // November in every zone
    const rerunMs = performance.now() - started
    const rerunCreated = Object.values(rerun).reduce(
      (sum, outcome) => sum + outcome.created.length,
      0,
    )
    if (rerunCreated > 0)
      throw new Error(`the hourly rerun created ${rerunCreated} invoices: every one existed`)

    // where (a)'s time goes: the same reads and the assembly, measured apart; the writes are the rest
    started = performance.now()
    const terms = await loadTerms(payload)
    const loadTermsMs = performance.now() - started
    const usageRead = await readUsage(pool)
    started = performance.now()
    const drafts = assembleAll(terms, usageRead.byOrganization)
    const assemblyMs = performance.now() - started
    const linesByInvoice = new Map<unknown, Record<string, unknown>[]>()
    for (const line of lineRows) {
      const list = linesByInvoice.get(line._parent_id) ?? []
      list.push(line)
      linesByInvoice.set(line._parent_id, list)
    }
    const batchesMatchWholeBook =
      invoiceRows.length ===
        [...drafts.values()].filter((draft) => draft.lines.length > 0).length &&
      invoiceRows.every((row) => {
        const draft = drafts.get(Number(row.organization_id))
        const lines = linesByInvoice.get(row.id) ?? []
        return (
          draft !== undefined &&
          Number(row.subtotal) === draft.subtotal &&
          Number(row.tax) === draft.tax &&
          Number(row.total) === draft.total &&
          lines.length === draft.lines.length &&
          draft.lines.every((line, index) => {
            const written = lines[index]!
            return (
              Number(written.organization_id) === line.organizationId &&
              Number(written.subscription_id) === line.subscriptionId &&
              (written.segment_start as Date).getTime() === line.segmentStart.getTime() &&
              Number(written.camera_seconds) === line.cameraSeconds &&
              Number(written.amount) === line.amount
            )
          })
        )
      })

    // --- (b) the floor: the same rows, one insert per table ----------------------------------
    await pool.query('delete from invoices where period = $1', [PERIOD])
    await pool.query('vacuum analyze invoices, invoices_lines')
    memory = rssSampler()
    const client = await pool.connect()
    let invoicesMs: number
    let floorMs: number
    try {
      started = performance.now()
      await client.query('begin')
      await client.query(
        unnestInsert('invoices', invoiceColumns),
        columnArrays(invoiceRows, invoiceColumns),
      )
      invoicesMs = performance.now() - started
      await client.query(
        unnestInsert('invoices_lines', lineColumns),
        columnArrays(lineRows, lineColumns),
      )
      await client.query('commit')
      floorMs = performance.now() - started
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
    const floorRss = memory.stop()
    const floorCount = Number(
      (
        await pool.query<{ n: string }>(
          'select count(*) as n from invoices_lines l join invoices i on i.id = l._parent_id where i.period = $1',
          [PERIOD],
        )
      ).rows[0]!.n,
    )
    if (floorCount !== lineRows.length)
      throw new Error(`the floor wrote ${floorCount} lines, not ${lineRows.length}`)

    // --- (c) the straightforward path: one payload.create per invoice ------------------------
    await pool.query('delete from invoices where period = $1', [PERIOD])
    await pool.query('vacuum analyze invoices, invoices_lines')
    const payerIds = [...drafts.keys()]
    /** The straightforward close: the same reads, then per payer the assembly and one payload.create. */
    const naiveReads = async () => {
      const terms = await loadTerms(payload)
      return {
        terms,
        members: groupByPayer(terms.organizations),
        usage: (await readUsage(pool)).byOrganization,
      }
    }
    const naiveWrite = async (reads: Awaited<ReturnType<typeof naiveReads>>, payerId: number) => {
      const members = reads.members.get(payerId)!
      const draft = assembleInvoice({
        periodKey: PERIOD,
        payer: reads.terms.organizations.get(payerId)!,
        members,
        subscriptions: reads.terms.subscriptions,
        intervals: members.flatMap((member) => reads.usage.get(member.id) ?? []),
      })
      if (draft.lines.length === 0) return false
      await (payload.create as (args: unknown) => Promise<unknown>)({
        collection: 'invoices',
        depth: 0,
        data: {
          organization: payerId,
          period: PERIOD,
          status: 'draft',
          periodStart: draft.period.start.toISOString(),
          periodEnd: draft.period.end.toISOString(),
          subtotal: draft.subtotal,
          tax: draft.tax,
          total: draft.total,
          currency: draft.currency,
          taxRateBp: draft.taxRateBp,
          generatedAt: new Date().toISOString(),
          lines: draft.lines.map((line) => ({
            organization: line.organizationId,
            subscription: line.subscriptionId,
            description: line.description,
            segmentStart: line.segmentStart.toISOString(),
            segmentEnd: line.segmentEnd.toISOString(),
            cameraSeconds: line.cameraSeconds,
            cameraDays: Number(line.cameraDays),
            averageCameras: Number(line.averageCameras),
            unitPrice: line.unitPrice,
            amount: line.amount,
          })),
        },
      })
      return true
    }
    // a probe of 50 evenly spread payers decides between the full run and a sample
    const spread = (wanted: number) => {
      const n = Math.min(wanted, payerIds.length)
      return Array.from({ length: n }, (_, i) => payerIds[Math.floor((i * payerIds.length) / n)]!)
    }
    const probe = spread(50)
    const probeReads = await naiveReads()
    started = performance.now()
    for (const payerId of probe) await naiveWrite(probeReads, payerId)
    const probeMs = performance.now() - started
    await pool.query('delete from invoices where period = $1', [PERIOD])
    await pool.query('vacuum analyze invoices, invoices_lines')
    const sampled = (probeMs / probe.length) * payerIds.length > naiveBudgetMs
    const chosen = sampled ? spread(naiveSample) : payerIds

    memory = rssSampler()
    started = performance.now()
    const reads = await naiveReads()
    const readsMs = performance.now() - started
    let sampleInvoices = 0
    const loopStarted = performance.now()
    for (const payerId of chosen) if (await naiveWrite(reads, payerId)) sampleInvoices++
    const sampleLoopMs = performance.now() - loopStarted
    const naiveRss = memory.stop()
    const naiveMs = sampled
      ? readsMs + (sampleLoopMs / chosen.length) * payerIds.length
      : readsMs + sampleLoopMs

    // the naive invoices are the same invoices
    const naiveRows = (
      await pool.query<{ organization_id: number; subtotal: string; lines: string }>(
        `select i.organization_id, i.subtotal, (select count(*) from invoices_lines l where l._parent_id = i.id) as lines
          from invoices i where i.period = $1`,
        [PERIOD],
      )
    ).rows
    const generated = new Map(
      invoiceRows.map((row) => [
        Number(row.organization_id),
        { subtotal: String(row.subtotal), lines: linesByInvoice.get(row.id)?.length ?? 0 },
      ]),
    )
    const naiveMatchesGenerate =
      naiveRows.length === sampleInvoices &&
      naiveRows.every((row) => {
        const other = generated.get(Number(row.organization_id))
        return (
          other !== undefined &&
          other.subtotal === String(row.subtotal) &&
          other.lines === Number(row.lines)
        )
      })

    return {
      period: PERIOD,
      postgres: external ? 'external' : throwaway ? 'throwaway' : 'durable',
      organizations,
      payers: payerCount,
      cameras,
      usageRows,
      setupMs: Math.round(setupMs),
      invoices: invoiceRows.length,
      lines: lineRows.length,
      generate: {
        ms: Math.round(generateMs),
        loadTermsMs: Math.round(loadTermsMs),
        usageQueryMs: Math.round(usageRead.ms),
        assemblyMs: Math.round(assemblyMs),
        writesMs: Math.round(generateMs - loadTermsMs - usageRead.ms - assemblyMs),
        rssBeforeMb: generateRss.before,
        rssPeakMb: generateRss.peak,
      },
      hourlyRerunMs: Math.round(rerunMs),
      floor: {
        ms: Math.round(floorMs),
        invoicesMs: Math.round(invoicesMs),
        linesMs: Math.round(floorMs - invoicesMs),
        rssPeakMb: floorRss,
      },
      naive: {
        ms: Math.round(naiveMs),
        sampled,
        samplePayers: chosen.length,
        sampleInvoices,
        sampleMs: Math.round(sampleLoopMs),
        readsMs: Math.round(readsMs),
        perInvoiceMs: Math.round((sampleLoopMs / Math.max(1, sampleInvoices)) * 10) / 10,
        rssPeakMb: naiveRss,
      },
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      checks: {
        invoicesEqualPayersWithUsage,
        expectedInvoices: expectedIds.size,
        lineAmountsEqualSubtotals: sums.lines === sums.subtotals && Number(sums.mismatched) === 0,
        totalsEqualSubtotalPlusTax: Number(sums.bad_totals) === 0,
        failed: result.failed.length,
        empty: result.empty.length,
        naiveMatchesGenerate,
        batchesMatchWholeBook,
      },
    }
  } finally {
    await payload.destroy().catch(() => undefined)
    await postgres?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
    for (const name of Object.keys(env)) if (!(name in outerEnv)) delete process.env[name]
    Object.assign(process.env, outerEnv)
  }
}

/** The usage read of the month close, the same query generateInvoices makes. */
async function readUsage(pool: pg.Pool) {
  const started = performance.now()
  const utc = billingPeriod(PERIOD, 'UTC')
  const rows = (
    await pool.query<{
      organization_id: number
      subscription_id: number
      camera_key: string
      from: Date
      to: Date | null
    }>(
      `select organization_id, subscription_id, camera_key, "from", "to" from camera_usage where "from" < $2 and ("to" is null or "to" > $1)`,
      [new Date(utc.start.getTime() - 15 * 3600_000), new Date(utc.end.getTime() + 15 * 3600_000)],
    )
  ).rows
  const byOrganization = new Map<number, UsageInterval[]>()
  for (const row of rows) {
    const organizationId = Number(row.organization_id)
    const list = byOrganization.get(organizationId) ?? []
    list.push({
      organizationId,
      subscriptionId: Number(row.subscription_id),
      cameraKey: row.camera_key,
      from: row.from,
      to: row.to,
    })
    byOrganization.set(organizationId, list)
  }
  return { byOrganization, ms: performance.now() - started }
}

/** Organizations by the payer whose invoice they are on, as generateInvoices groups them. */
function groupByPayer(organizations: Map<number, OrganizationTerms>) {
  const payers = new Map<number, OrganizationTerms[]>()
  for (const organization of organizations.values()) {
    const payerId = payerOf(organization, organizations)
    const members = payers.get(payerId) ?? []
    members.push(organization)
    payers.set(payerId, members)
  }
  return payers
}

/** Every payer's draft, as generateInvoices assembles them. */
function assembleAll(
  terms: {
    organizations: Map<number, OrganizationTerms>
    subscriptions: Parameters<typeof assembleInvoice>[0]['subscriptions']
  },
  usage: Map<number, UsageInterval[]>,
) {
  const drafts = new Map<number, ReturnType<typeof assembleInvoice>>()
  for (const [payerId, members] of groupByPayer(terms.organizations)) {
    try {
      drafts.set(
        payerId,
        assembleInvoice({
          periodKey: PERIOD,
          payer: terms.organizations.get(payerId)!,
          members,
          subscriptions: terms.subscriptions,
          intervals: members.flatMap((member) => usage.get(member.id) ?? []),
        }),
      )
    } catch (error) {
      if (!(error instanceof InvoiceAssemblyError)) throw error
    }
  }
  return drafts
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
const times = (a: number, b: number) => `${(a / Math.max(1, b)).toFixed(1)}×`
const count = (n: number) => n.toLocaleString('en-US')
const check = (ok: boolean) => (ok ? 'ok' : 'FAILED')

export const formatMonthClose = (s: MonthCloseSummary) =>
  [
    `${count(s.organizations)} organizations (${count(s.payers)} payers), ${count(s.cameras)} cameras (${count(s.usageRows)} usage intervals), period ${s.period}: ` +
      `${count(s.invoices)} draft invoices, ${count(s.lines)} lines (set-up ${seconds(s.setupMs)}; PostgreSQL ${{ throwaway: 'embedded, fsync and synchronous commit off', durable: 'embedded, fsync on as in production', external: 'at DATABASE_URL' }[s.postgres]})`,
    `  (a) generateInvoices, the real path:   ${seconds(s.generate.ms)}  (${(s.generate.ms / Math.max(1, s.invoices)).toFixed(2)} ms/invoice; ` +
      `peak RSS ${s.generate.rssPeakMb} MB; for comparison, the whole book at once, measured apart: every organization's terms ${seconds(s.generate.loadTermsMs)}, ` +
      `every usage interval ${seconds(s.generate.usageQueryMs)}, every draft's assembly ${seconds(s.generate.assemblyMs)})`,
    `  (b) floor, raw bulk insert of the same rows: ${seconds(s.floor.ms)}  (invoices ${seconds(s.floor.invoicesMs)}, lines ${seconds(s.floor.linesMs)}; ` +
      `one unnest insert per table, one transaction)  → (a) is ${times(s.generate.ms, s.floor.ms)} the floor`,
    `  (c) naive, payload.create per invoice: ${seconds(s.naive.ms)}${s.naive.sampled ? ` EXTRAPOLATED from ${count(s.naive.samplePayers)} of ${count(s.payers)} payers` : ''} ` +
      `(reads ${seconds(s.naive.readsMs)} + loop ${seconds(s.naive.sampleMs)} for ${count(s.naive.sampleInvoices)} invoices, ${s.naive.perInvoiceMs} ms/invoice)  → ${times(s.naive.ms, s.generate.ms)} (a)`,
    `  (d) hourly schedule rerun, every draft present (closeEndedMonths, all skipped): ${seconds(s.hourlyRerunMs)}`,
    `  RSS: peak ${s.peakRssMb} MB over the run; during (a) ${s.generate.rssBeforeMb} → ${s.generate.rssPeakMb} MB, (b) ${s.floor.rssPeakMb} MB, (c) ${s.naive.rssPeakMb} MB`,
    `  checks: invoices = payers with usage (${count(s.checks.expectedInvoices)}) ${check(s.checks.invoicesEqualPayersWithUsage)}; ` +
      `Σ line amounts = Σ subtotals ${check(s.checks.lineAmountsEqualSubtotals)}; total = subtotal + tax ${check(s.checks.totalsEqualSubtotalPlusTax)}; ` +
      `naive = (a) ${check(s.checks.naiveMatchesGenerate)}; (a) = the whole book assembled at once ${check(s.checks.batchesMatchWholeBook)}; failed ${s.checks.failed}, empty ${count(s.checks.empty)}`,
  ].join('\n')

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      organizations: { type: 'string' },
      cameras: { type: 'string' },
      sample: { type: 'string' },
      'naive-budget': { type: 'string' },
      throwaway: { type: 'boolean' },
      generate: { type: 'string' },
      /** Also write the summary to this file, as JSON (bench/scale.ts reads it). */
      json: { type: 'string' },
    },
  })
  const candidate = values.generate
    ? (
        (await import(pathToFileURL(path.resolve(values.generate)).href)) as {
          generateInvoices: Generate
        }
      ).generateInvoices
    : undefined
  if (values.generate)
    console.log(
      `(a) below is generateInvoices of ${values.generate}, not of src/invoicing/generate.ts`,
    )
  const summary = await runMonthCloseBench({
    organizations: Number(values.organizations ?? 10_000),
    cameras: Number(values.cameras ?? 100_000),
    naiveSample: Number(values.sample ?? 1_000),
    naiveBudgetMs: Number(values['naive-budget'] ?? 180) * 1000,
    throwaway: values.throwaway ?? false,
    generate: candidate,
  })
  console.log(formatMonthClose(summary))
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(summary))
  process.exit(0)
}
