import type { Payload } from 'payload'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  payerOf,
  type InvoiceDraft,
  type SubscriptionTerms,
} from '../billing/invoiceAssembly'
import { billingPeriod } from '../billing/period'
import { lockInvoiceDrafts, poolOf, withTransaction } from '../db'
import { Conflict, Invalid, NotFound } from '../endpoints/errors'
import {
  brokenChainTermRows,
  chainTermRows,
  deleteInvoiceLines,
  insertDraftInvoices,
  insertInvoiceLines,
  memberTermRowsOfPayers,
  nonVoidInvoiceIds,
  nonVoidInvoicesOfPayers,
  payerTermRowsAfter,
  payerTermRowsAmong,
  rebuildDraftTotals,
  usageOfOrganizationsOverlapping,
  type ExistingInvoiceRow,
  type OrganizationTermRow,
} from './store'
import { batchTerms } from './batchTerms'
import { loadSubscriptionTerms, organizationTerms } from './terms'

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
  /** Payers read at a time, default READ_BATCH (2,000); a test makes it small to cross batches. */
  payersPerBatch?: number
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
 * rebuilt only when asked. Payers are taken READ_BATCH (2,000) at a time in id order, each
 * batch with its members' terms and usage only (memory stays flat however large the book; the
 * next batch is read while this one is assembled and written); invoices and their lines are
 * written in bulk, WRITE_BATCH payers per transaction.
 */
export async function generateInvoices(
  payload: Payload,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const pool = poolOf(payload)
  const subscriptions = await loadSubscriptionTerms(payload)
  const result: GenerateResult = { created: [], skipped: [], empty: [], failed: [] }
  let pages: PayerPages
  if (options.organizationId !== undefined) {
    const payer = await payerOfOne(payload, options.organizationId)
    pages = singlePage(payer)
  } else {
    result.failed.push(...(await brokenPayerChains(payload)))
    const size = options.payersPerBatch ?? READ_BATCH
    pages = options.payerIds
      ? pagesAmong(payload, options.payerIds, size)
      : pagesOfAll(payload, size)
  }

  // usage of the widest window any timezone can give that month (±14 h), filtered per payer later
  const utc = billingPeriod(options.period, 'UTC')
  const windowStart = new Date(utc.start.getTime() - 15 * 3600_000)
  const windowEnd = new Date(utc.end.getTime() + 15 * 3600_000)
  const read = async (payers: OrganizationTermRow[]): Promise<PayerBatch> => {
    const existing = await nonVoidInvoicesOfPayers(
      pool,
      payers.map((row) => Number(row.id)),
      options.period,
    )
    // a payer whose invoice stays as it is needs neither its members nor their usage (the hourly rerun)
    const kept = new Set(
      existing
        .filter((row) => !(options.regenerate && row.status === 'draft'))
        .map((row) => Number(row.organization_id)),
    )
    const payerIds = payers.map((row) => Number(row.id)).filter((id) => !kept.has(id))
    const members = payerIds.length > 0 ? await memberTermRowsOfPayers(pool, payerIds) : []
    const usage =
      members.length > 0
        ? await usageOfOrganizationsOverlapping(
            pool,
            members.map((row) => Number(row.id)),
            windowStart,
            windowEnd,
          )
        : []
    return { payers, members, existing, usage }
  }

  const now = options.now ?? new Date()
  const writer = draftWriter(payload, options.period, now, result)
  let next = await nextBatch(pages, read)
  while (next) {
    const batch = await next
    // read ahead: the next batch loads on other connections while this one is assembled and written
    next = await nextBatch(pages, read)
    await generateBatch(payload, batch, subscriptions, options, now, writer, result)
  }
  await writer.flush()
  return result
}

/** Payers per read: their members' terms and usage are what the month close holds at once. */
const READ_BATCH = 2_000

/** One batch of payers with everything their drafts need. */
interface PayerBatch {
  payers: OrganizationTermRow[]
  members: (OrganizationTermRow & { payer_id: number })[]
  existing: ExistingInvoiceRow[]
  usage: Awaited<ReturnType<typeof usageOfOrganizationsOverlapping>>
}

/** The payers to close, a page at a time (empty: done). */
type PayerPages = () => Promise<OrganizationTermRow[]>

/** Starts reading the next page's batch; null when there are no more payers. */
async function nextBatch(
  pages: PayerPages,
  read: (payers: OrganizationTermRow[]) => Promise<PayerBatch>,
): Promise<Promise<PayerBatch> | null> {
  const payers = await pages()
  if (payers.length === 0) return null
  const pending = read(payers)
  // awaited by the loop; this keeps a failure while the current batch is written from going unhandled
  pending.catch(() => undefined)
  return pending
}

function pagesOfAll(payload: Payload, size: number): PayerPages {
  let after = 0
  return async () => {
    const page = await payerTermRowsAfter(poolOf(payload), after, size)
    if (page.length > 0) after = Number(page[page.length - 1]!.id)
    return page
  }
}

/** Those of `ids` that are payers (others are not invoiced themselves), in id order. */
function pagesAmong(payload: Payload, ids: number[], size: number): PayerPages {
  const sorted = [...new Set(ids)].sort((a, b) => a - b)
  let at = 0
  return async () => {
    while (at < sorted.length) {
      const page = await payerTermRowsAmong(poolOf(payload), sorted.slice(at, at + size))
      at += size
      if (page.length > 0) return page
    }
    return []
  }
}

function singlePage(payer: OrganizationTermRow): PayerPages {
  let done = false
  return async () => {
    if (done) return []
    done = true
    return [payer]
  }
}

/** The one organization asked for, which must exist and pay for itself; else the refusal. */
async function payerOfOne(payload: Payload, organizationId: number): Promise<OrganizationTermRow> {
  const chain = await chainTermRows(poolOf(payload), organizationId)
  const rows = new Map(chain.map((row) => [Number(row.id), row]))
  const terms = new Map(chain.map((row) => [Number(row.id), organizationTerms(row)]))
  const organization = terms.get(organizationId)
  if (!organization)
    throw new UnknownOrganization(`organization ${organizationId} does not exist`, 'organization')
  let payerId: number
  try {
    payerId = payerOf(organization, terms)
  } catch (error) {
    if (!(error instanceof InvoiceAssemblyError)) throw error
    throw new BrokenPayerChain(error.message, 'organization')
  }
  if (payerId !== organization.id) {
    throw new BilledThroughParent(
      'organization',
      `"${organization.title}" is billed on its parent's invoice ("${terms.get(payerId)?.title}"): generate for organization ${payerId}`,
    )
  }
  return rows.get(organizationId)!
}

/** Every organization whose payer chain is broken, with why (a loop, a missing parent). */
async function brokenPayerChains(payload: Payload): Promise<GenerateResult['failed']> {
  const rows = await brokenChainTermRows(poolOf(payload))
  const terms = new Map(rows.map((row) => [Number(row.id), organizationTerms(row)]))
  const failed: GenerateResult['failed'] = []
  for (const row of rows) {
    if (!row.broken) continue
    try {
      payerOf(terms.get(Number(row.id))!, terms)
    } catch (error) {
      if (!(error instanceof InvoiceAssemblyError)) throw error
      failed.push({ organization: Number(row.id), error: error.message })
    }
  }
  return failed
}

/** Assembles the drafts of one batch of payers and hands them to the writer. */
async function generateBatch(
  payload: Payload,
  batch: PayerBatch,
  subscriptions: Map<number, SubscriptionTerms>,
  options: GenerateOptions,
  now: Date,
  writer: DraftWriter,
  result: GenerateResult,
): Promise<void> {
  const pool = poolOf(payload)
  const existingByPayer = new Map(batch.existing.map((row) => [Number(row.organization_id), row]))
  const { membersByPayer, usageByOrganization } = batchTerms(batch.members, batch.usage)
  for (const payerRow of batch.payers) {
    const payerId = Number(payerRow.id)
    const present = existingByPayer.get(payerId)
    if (present && !(options.regenerate && present.status === 'draft')) {
      result.skipped.push(Number(present.id))
      continue
    }
    const members = membersByPayer.get(payerId) ?? []
    let draft: InvoiceDraft
    try {
      draft = assembleInvoice({
        periodKey: options.period,
        payer: organizationTerms(payerRow),
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
      await writer.add(draft)
      continue
    }
    const id = await rebuildDraft(payload, draft, now, Number(present.id))
    if (id === null)
      result.skipped.push(Number((await nonVoidInvoiceIds(pool, [payerId], options.period))[0]))
    else result.created.push(id)
  }
}

interface DraftWriter {
  add(draft: InvoiceDraft): Promise<void>
  flush(): Promise<void>
}

/**
 * New drafts are written WRITE_BATCH payers per transaction (a handful of statements each), one
 * transaction in flight while the next drafts are assembled (PostgreSQL writes while this process
 * assembles); rebuilding a draft, which is rare, stays one transaction per payer.
 */
function draftWriter(
  payload: Payload,
  period: string,
  now: Date,
  result: GenerateResult,
): DraftWriter {
  let batch: InvoiceDraft[] = []
  let inFlight: Promise<void> = Promise.resolve()
  const write = async (drafts: InvoiceDraft[]) => {
    const { created, conflicted } = await insertDrafts(payload, drafts, now)
    result.created.push(...created)
    if (conflicted.length > 0) {
      // another generator got there first
      result.skipped.push(...(await nonVoidInvoiceIds(poolOf(payload), conflicted, period)))
    }
  }
  const start = async () => {
    const drafts = batch
    batch = []
    await inFlight
    inFlight = write(drafts)
    // awaited by the next start or flush; this keeps a failure meanwhile from going unhandled
    inFlight.catch(() => undefined)
  }
  return {
    async add(draft) {
      batch.push(draft)
      if (batch.length >= WRITE_BATCH) await start()
    },
    async flush() {
      if (batch.length > 0) await start()
      await inFlight
    },
  }
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
