import { randomUUID } from 'node:crypto'
import type { Payload } from 'payload'
import { assembleInvoice, InvoiceAssemblyError, payerOf, type InvoiceDraft, type OrganizationTerms, type UsageInterval } from '../billing/invoiceAssembly'
import { billingPeriod } from '../billing/period'
import { loadTerms } from './terms'
import { lockInvoiceDrafts, poolOf } from '../db'

export interface GenerateOptions {
  /** 'YYYY-MM': the month, in each payer's billing timezone. */
  period: string
  /** Only this payer organization. */
  organizationId?: number
  /** Only these payers (the schedule's choice); ignored with organizationId. */
  payerIds?: number[]
  /** Rebuild existing drafts from usage (issued invoices never change). */
  regenerate?: boolean
  now?: Date
}

export interface GenerateResult {
  /** Invoices created (or drafts rebuilt). */
  created: number[]
  /** Invoices already present for that payer and period (left as they are). */
  skipped: number[]
  /** Payers without any billable camera-time in the period: no invoice is made for them. */
  empty: number[]
  /** Payers whose invoice could not be built (e.g. a subscription in another currency). */
  failed: { organization: number; error: string }[]
}

export class GenerateError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly status = 400,
  ) {
    super(message)
    this.name = 'GenerateError'
  }
}

const pool = poolOf

/** One advisory lock per (payer, period): two generators never build the same invoice at once. */

/**
 * The month close: a draft invoice per payer organization for `period`, built by the pure
 * assembly (src/billing) from camera usage. Idempotent: an existing non-void invoice for the
 * payer and period is skipped (a unique index backs this up across processes), a draft is
 * rebuilt only when asked. Usage is read in one query, invoices and their lines are written in
 * bulk, one transaction per payer.
 */
export async function generateInvoices(payload: Payload, options: GenerateOptions): Promise<GenerateResult> {
  const { organizations, subscriptions } = await loadTerms(payload)
  const payers = new Map<number, OrganizationTerms[]>()
  const broken: GenerateResult['failed'] = []
  for (const organization of organizations.values()) {
    let payerId: number
    try {
      payerId = payerOf(organization, organizations)
    } catch (error) {
      if (!(error instanceof InvoiceAssemblyError)) throw error
      broken.push({ organization: organization.id, error: error.message })
      continue
    }
    const members = payers.get(payerId) ?? []
    members.push(organization)
    payers.set(payerId, members)
  }
  const wanted = options.payerIds ? new Set(options.payerIds) : null
  let selected = wanted ? [...payers.keys()].filter((id) => wanted.has(id)) : [...payers.keys()]
  if (options.organizationId !== undefined) {
    const organization = organizations.get(options.organizationId)
    if (!organization) throw new GenerateError(`organization ${options.organizationId} does not exist`, 'organization', 404)
    const payerId = broken.some((entry) => entry.organization === organization.id)
      ? null
      : payerOf(organization, organizations)
    if (payerId === null) {
      throw new GenerateError(broken.find((entry) => entry.organization === organization.id)!.error, 'organization', 409)
    }
    if (payerId !== organization.id) {
      throw new GenerateError(
        `"${organization.title}" is billed on its parent's invoice ("${organizations.get(payerId)?.title}"): generate for organization ${payerId}`,
        'organization',
      )
    }
    selected = [payerId]
  }

  // existing non-void invoices of the period
  const existing = await pool(payload).query<{ id: number; organization_id: number; status: string }>(
    `select id, organization_id, status from invoices where period = $1 and status <> 'void'`,
    [options.period],
  )
  const existingByPayer = new Map(existing.rows.map((row) => [Number(row.organization_id), row]))

  // usage of the widest window any timezone can give that month (±14 h), filtered per payer later
  const utc = billingPeriod(options.period, 'UTC')
  const windowStart = new Date(utc.start.getTime() - 15 * 3600_000)
  const windowEnd = new Date(utc.end.getTime() + 15 * 3600_000)
  const usage = await pool(payload).query<{ organization_id: number; subscription_id: number; camera_key: string; from: Date; to: Date | null }>(
    `select organization_id, subscription_id, camera_key, "from", "to" from camera_usage
      where "from" < $2 and ("to" is null or "to" > $1)`,
    [windowStart, windowEnd],
  )
  const usageByOrganization = new Map<number, UsageInterval[]>()
  for (const row of usage.rows) {
    const organizationId = Number(row.organization_id)
    const list = usageByOrganization.get(organizationId) ?? []
    list.push({ organizationId, subscriptionId: Number(row.subscription_id), cameraKey: row.camera_key, from: row.from, to: row.to })
    usageByOrganization.set(organizationId, list)
  }
  const result: GenerateResult = { created: [], skipped: [], empty: [], failed: options.organizationId === undefined ? broken : [] }
  const now = options.now ?? new Date()
  // new drafts are written WRITE_BATCH payers per transaction (a handful of statements each);
  // rebuilding a draft, which is rare, stays one transaction per payer
  let batch: InvoiceDraft[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const { created, conflicted } = await insertDrafts(payload, batch, now)
    batch = []
    result.created.push(...created)
    if (conflicted.length > 0) {
      // another generator got there first
      const rows = await pool(payload).query<{ id: number }>(
        `select id from invoices where organization_id = any($1::int[]) and period = $2 and status <> 'void'`,
        [conflicted, options.period],
      )
      result.skipped.push(...rows.rows.map((row) => Number(row.id)))
    }
  }
  for (const payerId of selected) {
    const present = existingByPayer.get(payerId)
    if (present && !(options.regenerate && present.status === 'draft')) {
      result.skipped.push(Number(present.id))
      continue
    }
    const members = payers.get(payerId) ?? []
    let draft: InvoiceDraft
    try {
      draft = assembleInvoice({
        periodKey: options.period,
        payer: organizations.get(payerId)!,
        members,
        subscriptions,
        intervals: members.flatMap((member) => usageByOrganization.get(member.id) ?? []),
      })
    } catch (error) {
      if (!(error instanceof InvoiceAssemblyError)) throw error
      result.failed.push({ organization: payerId, error: error.message })
      continue
    }
    if (draft.lines.length === 0 && !present) {
      result.empty.push(payerId)
      continue
    }
    if (!present) {
      batch.push(draft)
      if (batch.length >= WRITE_BATCH) await flush()
      continue
    }
    const id = await writeDraft(payload, draft, now, Number(present.id))
    if (id === null) {
      const row = await pool(payload).query<{ id: number }>(
        `select id from invoices where organization_id = $1 and period = $2 and status <> 'void'`,
        [payerId, options.period],
      )
      result.skipped.push(Number(row.rows[0]?.id))
    } else result.created.push(id)
  }
  await flush()
  return result
}

/** Payers per transaction when writing new drafts. */
const WRITE_BATCH = 500

const lineInsert = `insert into invoices_lines (_order, _parent_id, id, organization_id, subscription_id, description, segment_start,
    segment_end, camera_seconds, camera_days, average_cameras, unit_price, amount)
  select * from unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::int[], $6::varchar[], $7::timestamptz[],
    $8::timestamptz[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])`

/** The lines of invoices, as the 13 column arrays of lineInsert. */
function lineColumns(invoices: { id: number; draft: InvoiceDraft }[]) {
  const rows = invoices.flatMap(({ id, draft }) => draft.lines.map((line, index) => ({ id, line, index })))
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick)
  return [
    column((row) => row.index + 1),
    column((row) => row.id),
    column(() => randomUUID().replace(/-/g, '').slice(0, 24)),
    column((row) => row.line.organizationId),
    column((row) => row.line.subscriptionId),
    column((row) => row.line.description),
    column((row) => row.line.segmentStart),
    column((row) => row.line.segmentEnd),
    column((row) => row.line.cameraSeconds),
    column((row) => row.line.cameraDays),
    column((row) => row.line.averageCameras),
    column((row) => row.line.unitPrice),
    column((row) => row.line.amount),
  ]
}

/**
 * New drafts of many payers in one transaction: their advisory locks (in lock-id order, so two
 * generators cannot deadlock), one insert of the invoices, one of all their lines. A payer whose
 * invoice another generator committed first is answered in `conflicted` and written nothing.
 */
async function insertDrafts(payload: Payload, drafts: InvoiceDraft[], now: Date): Promise<{ created: number[]; conflicted: number[] }> {
  const client = await pool(payload).connect()
  try {
    await client.query('begin')
    await lockInvoiceDrafts(client, drafts.map((draft) => ({ payerId: draft.payerId, period: draft.period.key })))
    const column = <T>(pick: (draft: InvoiceDraft) => T) => drafts.map(pick)
    const inserted = await client.query<{ id: number; organization_id: number }>(
      `insert into invoices (organization_id, period, status, period_start, period_end, subtotal, tax, total, currency,
          tax_rate_bp, generated_at, updated_at, created_at)
        select d.organization_id, d.period, 'draft', d.period_start, d.period_end, d.subtotal, d.tax, d.total, d.currency,
            d.tax_rate_bp, $10, $10, $10
          from unnest($1::int[], $2::varchar[], $3::timestamptz[], $4::timestamptz[], $5::numeric[], $6::numeric[], $7::numeric[],
            $8::varchar[], $9::numeric[]) as d(organization_id, period, period_start, period_end, subtotal, tax, total, currency, tax_rate_bp)
        on conflict do nothing returning id, organization_id`,
      [
        column((draft) => draft.payerId),
        column((draft) => draft.period.key),
        column((draft) => draft.period.start),
        column((draft) => draft.period.end),
        column((draft) => draft.subtotal),
        column((draft) => draft.tax),
        column((draft) => draft.total),
        column((draft) => draft.currency),
        column((draft) => draft.taxRateBp),
        now,
      ],
    )
    const idByPayer = new Map(inserted.rows.map((row) => [Number(row.organization_id), Number(row.id)]))
    const written = drafts.filter((draft) => idByPayer.has(draft.payerId)).map((draft) => ({ id: idByPayer.get(draft.payerId)!, draft }))
    if (written.some(({ draft }) => draft.lines.length > 0)) await client.query(lineInsert, lineColumns(written))
    await client.query('commit')
    return {
      created: written.map(({ id }) => id),
      conflicted: drafts.filter((draft) => !idByPayer.has(draft.payerId)).map((draft) => draft.payerId),
    }
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/** Inserts (or rebuilds) one draft with its lines in one transaction; null when another got there first. */
async function writeDraft(payload: Payload, draft: InvoiceDraft, now: Date, rebuildId: number | null): Promise<number | null> {
  const client = await pool(payload).connect()
  try {
    await client.query('begin')
    await lockInvoiceDrafts(client, [{ payerId: draft.payerId, period: draft.period.key }])
    let id: number
    if (rebuildId !== null) {
      const updated = await client.query(
        `update invoices set period_start = $2, period_end = $3, subtotal = $4, tax = $5, total = $6, currency = $7,
            tax_rate_bp = $8, generated_at = $9, updated_at = $9
          where id = $1 and status = 'draft' returning id`,
        [rebuildId, draft.period.start, draft.period.end, draft.subtotal, draft.tax, draft.total, draft.currency, draft.taxRateBp, now],
      )
      if (updated.rowCount === 0) {
        await client.query('rollback')
        return null
      }
      await client.query('delete from invoices_lines where _parent_id = $1', [rebuildId])
      id = rebuildId
    } else {
      const inserted = await client.query<{ id: number }>(
        `insert into invoices (organization_id, period, status, period_start, period_end, subtotal, tax, total, currency,
            tax_rate_bp, generated_at, updated_at, created_at)
          values ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $10, $10)
          on conflict do nothing returning id`,
        [draft.payerId, draft.period.key, draft.period.start, draft.period.end, draft.subtotal, draft.tax, draft.total, draft.currency, draft.taxRateBp, now],
      )
      if (inserted.rowCount === 0) {
        await client.query('rollback')
        return null
      }
      id = Number(inserted.rows[0]!.id)
    }
    if (draft.lines.length > 0) {
      const column = <T>(pick: (line: InvoiceDraft['lines'][number], index: number) => T) => draft.lines.map(pick)
      await client.query(
        `insert into invoices_lines (_order, _parent_id, id, organization_id, subscription_id, description, segment_start,
            segment_end, camera_seconds, camera_days, average_cameras, unit_price, amount)
          select * from unnest($1::int[], $2::int[], $3::varchar[], $4::int[], $5::int[], $6::varchar[], $7::timestamptz[],
            $8::timestamptz[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])`,
        [
          column((_, index) => index + 1),
          column(() => id),
          column(() => randomUUID().replace(/-/g, '').slice(0, 24)),
          column((line) => line.organizationId),
          column((line) => line.subscriptionId),
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
    await client.query('commit')
    return id
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
