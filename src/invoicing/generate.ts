import type { Payload } from 'payload'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  payerOf,
  type InvoiceDraft,
  type OrganizationTerms,
  type UsageInterval,
} from '../billing/invoiceAssembly'
import { billingPeriod } from '../billing/period'
import { lockInvoiceDrafts, poolOf, withTransaction } from '../db'
import { Conflict, Invalid, NotFound } from '../endpoints/errors'
import {
  deleteInvoiceLines,
  insertDraftInvoices,
  insertInvoiceLines,
  nonVoidInvoiceIds,
  nonVoidInvoicesOfPeriod,
  rebuildDraftTotals,
  usageOverlapping,
} from './store'
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

/** Why a month close for one organization was refused: each a row of DESIGN.md section 5's table. */
export class UnknownOrganization extends NotFound {}
export class BrokenPayerChain extends Conflict {}
export class BilledThroughParent extends Invalid {}
/** Any refusal of generateInvoices (the endpoint maps each by its status). */
export type GenerateError = UnknownOrganization | BrokenPayerChain | BilledThroughParent

/**
 * The month close: a draft invoice per payer organization for `period`, built by the pure
 * assembly (src/billing) from camera usage. Idempotent: an existing non-void invoice for the
 * payer and period is skipped (a unique index backs this up across processes), a draft is
 * rebuilt only when asked. Usage is read in one query, invoices and their lines are written in
 * bulk, one transaction per payer.
 */
export async function generateInvoices(
  payload: Payload,
  options: GenerateOptions,
): Promise<GenerateResult> {
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
    if (!organization)
      throw new UnknownOrganization(
        `organization ${options.organizationId} does not exist`,
        'organization',
      )
    const payerId = broken.some((entry) => entry.organization === organization.id)
      ? null
      : payerOf(organization, organizations)
    if (payerId === null) {
      throw new BrokenPayerChain(
        broken.find((entry) => entry.organization === organization.id)!.error,
        'organization',
      )
    }
    if (payerId !== organization.id) {
      throw new BilledThroughParent(
        'organization',
        `"${organization.title}" is billed on its parent's invoice ("${organizations.get(payerId)?.title}"): generate for organization ${payerId}`,
      )
    }
    selected = [payerId]
  }

  // existing non-void invoices of the period
  const pool = poolOf(payload)
  const existing = await nonVoidInvoicesOfPeriod(pool, options.period)
  const existingByPayer = new Map(existing.map((row) => [Number(row.organization_id), row]))

  // usage of the widest window any timezone can give that month (±14 h), filtered per payer later
  const utc = billingPeriod(options.period, 'UTC')
  const windowStart = new Date(utc.start.getTime() - 15 * 3600_000)
  const windowEnd = new Date(utc.end.getTime() + 15 * 3600_000)
  const usage = await usageOverlapping(pool, windowStart, windowEnd)
  const usageByOrganization = new Map<number, UsageInterval[]>()
  for (const row of usage) {
    const organizationId = Number(row.organization_id)
    const list = usageByOrganization.get(organizationId) ?? []
    list.push({
      organizationId,
      subscriptionId: Number(row.subscription_id),
      cameraKey: row.camera_key,
      from: row.from,
      to: row.to,
    })
    usageByOrganization.set(organizationId, list)
  }
  const result: GenerateResult = {
    created: [],
    skipped: [],
    empty: [],
    failed: options.organizationId === undefined ? broken : [],
  }
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
      result.skipped.push(...(await nonVoidInvoiceIds(pool, conflicted, options.period)))
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
    const id = await rebuildDraft(payload, draft, now, Number(present.id))
    if (id === null)
      result.skipped.push(Number((await nonVoidInvoiceIds(pool, [payerId], options.period))[0]))
    else result.created.push(id)
  }
  await flush()
  return result
}

/** Payers per transaction when writing new drafts. */
const WRITE_BATCH = 500

/**
 * New drafts of many payers in one transaction: their advisory locks (in lock-id order, so two
 * generators cannot deadlock), one insert of the invoices, one of all their lines. A payer whose
 * invoice another generator committed first is answered in `conflicted` and written nothing.
 */
async function insertDrafts(
  payload: Payload,
  drafts: InvoiceDraft[],
  now: Date,
): Promise<{ created: number[]; conflicted: number[] }> {
  return withTransaction(payload, async ({ sql }) => {
    await lockInvoiceDrafts(
      sql,
      drafts.map((draft) => ({ payerId: draft.payerId, period: draft.period.key })),
    )
    const idByPayer = await insertDraftInvoices(sql, drafts, now)
    const written = drafts
      .filter((draft) => idByPayer.has(draft.payerId))
      .map((draft) => ({ id: idByPayer.get(draft.payerId)!, draft }))
    await insertInvoiceLines(sql, written)
    return {
      created: written.map(({ id }) => id),
      conflicted: drafts
        .filter((draft) => !idByPayer.has(draft.payerId))
        .map((draft) => draft.payerId),
    }
  })
}

/** Rebuilds one draft with its lines in one transaction; null when it is no longer a draft. */
async function rebuildDraft(
  payload: Payload,
  draft: InvoiceDraft,
  now: Date,
  id: number,
): Promise<number | null> {
  return withTransaction(payload, async ({ sql }) => {
    await lockInvoiceDrafts(sql, [{ payerId: draft.payerId, period: draft.period.key }])
    if (!(await rebuildDraftTotals(sql, id, draft, now))) return null
    await deleteInvoiceLines(sql, id)
    await insertInvoiceLines(sql, [{ id, draft }])
    return id
  })
}
