import { randomUUID } from 'node:crypto'
import type { Payload } from 'payload'
import type pg from 'pg'
import { assembleInvoice, InvoiceAssemblyError, payerOf, type InvoiceDraft, type OrganizationTerms, type UsageInterval } from '../billing/invoiceAssembly'
import { billingPeriod } from '../billing/period'
import { loadTerms } from './terms'

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

const pool = (payload: Payload) => (payload.db as unknown as { pool: pg.Pool }).pool

/** One advisory lock per (payer, period): two generators never build the same invoice at once. */
const lockKey = (payerId: number, period: string) => `invoice:${payerId}:${period}`

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
  let selected = options.payerIds ? [...payers.keys()].filter((id) => options.payerIds!.includes(id)) : [...payers.keys()]
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
    const id = await writeDraft(payload, draft, now, present && options.regenerate ? Number(present.id) : null)
    if (id === null) {
      const row = await pool(payload).query<{ id: number }>(
        `select id from invoices where organization_id = $1 and period = $2 and status <> 'void'`,
        [payerId, options.period],
      )
      result.skipped.push(Number(row.rows[0]?.id))
    } else result.created.push(id)
  }
  return result
}

/** Inserts (or rebuilds) one draft with its lines in one transaction; null when another got there first. */
async function writeDraft(payload: Payload, draft: InvoiceDraft, now: Date, rebuildId: number | null): Promise<number | null> {
  const client = await pool(payload).connect()
  try {
    await client.query('begin')
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [lockKey(draft.payerId, draft.period.key)])
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
