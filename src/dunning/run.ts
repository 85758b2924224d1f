/**
 * The dunning run: for each payer, its oldest overdue open invoice decides the stage (policy.ts);
 * each stage fires once per (payer, invoice, stage), recorded in `dunning-actions` (a unique
 * index), so running again the same day changes nothing. Payers whose overdue invoices are
 * cleared (paid, credited, voided) are restored. Watcher is never called here: suspension and
 * restoration queue `watcher-sync` jobs in the same transaction as the change.
 *
 * Subsidiaries whose payer is their parent follow their payer: suspending a payer suspends every
 * organization it pays for, and restoring it restores them.
 */
import type pg from 'pg'
import type { Payload, PayloadRequest } from 'payload'
import { now } from '../clock'
import { poolOf } from '../db/pool'
import { recordEvent } from '../events'
import { balances } from '../ledger'
import { LOCK_KEYS, withAdvisoryLock, withTransaction } from '../db'
import { enqueueSync } from '../plugins/watcher/hooks/enqueueSync'
import { enqueueMemberSyncs } from '../plugins/watcher/sync/suspension'
import { DUNNING_ACTIONS_SLUG, type DunningActionKind } from './collections'
import { readGlobalPolicy } from './DunningPolicy'
import {
  daysOverdue,
  effectivePolicy,
  isSuspending,
  stageAt,
  stageRank,
  stagesReached,
  type DunningOverride,
  type DunningPolicy,
  type DunningStage,
} from './policy'

/** Dunning runs (the daily one, POST /api/dunning/run, the restoration check) never overlap. */
export const DUNNING_LOCK_KEY = LOCK_KEYS.dunningRun

export class DunningBusy extends Error {
  constructor() {
    super('a dunning run is in progress; try again shortly')
    this.name = 'DunningBusy'
  }
}

export interface DunningRunOptions {
  /** The moment the run decides at; default now() of the clock module. */
  at?: Date
  /** false: only restore payers that are no longer overdue (the frequent check). */
  stages?: boolean
  /** Who asked, for the sync events. */
  cause?: string
  /** How long to wait for a run in progress. */
  lockWaitMs?: number
}

export interface FiredStage {
  organization: number
  invoice: number
  stage: DunningStage
  /** Organizations suspended by this stage (the payer and those it pays for). */
  suspended?: number[]
}

export interface DunningRunResult {
  at: string
  fired: FiredStage[]
  /** Organizations whose service came back (status active again). */
  restored: number[]
  /** Organizations whose dunning state was cleared (restored ones included). */
  cleared: number[]
  /** Payers with an overdue invoice that dunning leaves alone, and why. */
  skipped: { organization: number; invoice: number; reason: 'exempt' | 'trial' | 'credit' | 'nothing due' }[]
  /** Payers whose changes failed (rolled back; the next run tries again); the others went ahead. */
  failed: { organization: number; error: string }[]
}

interface OverdueInvoice {
  id: number
  organization: number
  number: string | null
  dueAt: Date
  amountDue: number
  currency: string
}

interface OrganizationState {
  id: number
  title: string
  status: 'active' | 'suspended'
  trialEndsAt: Date | null
  stage: DunningStage | null
  since: Date | null
  suspendedAt: Date | null
  invoice: number | null
  override: DunningOverride
}

interface Hierarchy {
  /** Each organization's payer (itself, or up the parents while the payer is `parent`). */
  payerOf(id: number): number
  /** The organizations a payer pays for, itself first. */
  paidBy(payerId: number): number[]
}

async function loadHierarchy(db: pg.Pool): Promise<Hierarchy> {
  const { rows } = await db.query<{ id: number; parent_id: number | null; payer: string }>('select id, parent_id, payer from organizations')
  const byId = new Map(rows.map((row) => [row.id, row]))
  const payers = new Map<number, number>()
  const payerOf = (id: number): number => {
    const known = payers.get(id)
    if (known !== undefined) return known
    const seen = new Set<number>([id])
    let current = byId.get(id)
    while (current && current.payer === 'parent' && current.parent_id !== null && !seen.has(current.parent_id)) {
      seen.add(current.parent_id)
      current = byId.get(current.parent_id)
    }
    // a broken chain (a loop, a missing parent) stops where it breaks: that organization pays
    const payer = current?.id ?? id
    payers.set(id, payer)
    return payer
  }
  const paid = new Map<number, number[]>()
  for (const row of rows) {
    const payer = payerOf(row.id)
    if (payer === row.id) continue
    paid.set(payer, [...(paid.get(payer) ?? []), row.id])
  }
  return { payerOf, paidBy: (payerId) => [payerId, ...(paid.get(payerId) ?? []).sort((a, b) => a - b)] }
}

/**
 * Each payer's oldest overdue open invoice: issued (not paid, not void), due before `at`, with
 * something still due (amountDue once the payments operations keep it, else the total).
 */
async function oldestOverdue(db: pg.Pool, at: Date): Promise<Map<number, OverdueInvoice>> {
  const { rows } = await db.query<{ id: number; organization_id: number; number: string | null; due_at: Date; amount_due: string; currency: string }>(
    `select distinct on (organization_id) id, organization_id, number, due_at, coalesce(amount_due, total) as amount_due, currency
       from invoices
      where status = 'issued' and due_at is not null and due_at < $1 and coalesce(amount_due, total) > 0
      order by organization_id, due_at, id`,
    [at],
  )
  return new Map(
    rows.map((row) => [
      row.organization_id,
      { id: row.id, organization: row.organization_id, number: row.number, dueAt: row.due_at, amountDue: Number(row.amount_due), currency: row.currency },
    ]),
  )
}

const numberOrNull = (value: string | number | null): number | null => (value === null ? null : Number(value))

async function loadOrganizations(db: pg.Pool, ids: Iterable<number>): Promise<Map<number, OrganizationState>> {
  const list = [...new Set(ids)]
  if (list.length === 0) return new Map()
  const { rows } = await db.query(
    `select id, title, status, trial_ends_at, dunning_stage, dunning_since, dunning_suspended_at, dunning_invoice_id,
            dunning_policy_exempt, dunning_policy_reminder_days, dunning_policy_warning_days, dunning_policy_suspension_days,
            dunning_policy_recording_stop, dunning_policy_recording_stop_days
       from organizations where id = any($1::int[])`,
    [list],
  )
  return new Map(
    rows.map((row) => [
      row.id as number,
      {
        id: row.id,
        title: row.title,
        status: row.status,
        trialEndsAt: row.trial_ends_at,
        stage: row.dunning_stage,
        since: row.dunning_since,
        suspendedAt: row.dunning_suspended_at,
        invoice: row.dunning_invoice_id,
        override: {
          exempt: row.dunning_policy_exempt,
          reminderDays: numberOrNull(row.dunning_policy_reminder_days),
          warningDays: numberOrNull(row.dunning_policy_warning_days),
          suspensionDays: numberOrNull(row.dunning_policy_suspension_days),
          recordingStop: row.dunning_policy_recording_stop,
          recordingStopDays: numberOrNull(row.dunning_policy_recording_stop_days),
        },
      } satisfies OrganizationState,
    ]),
  )
}

async function organizationsInDunning(db: pg.Pool): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('select id from organizations where dunning_stage is not null')
  return rows.map((row) => row.id)
}

/** Why dunning leaves this payer alone, or null. Trials, credit and nothing due never trigger. */
async function exemption(payload: Payload, payer: OrganizationState, invoice: OverdueInvoice, at: Date): Promise<DunningRunResult['skipped'][number]['reason'] | null> {
  if (payer.override.exempt) return 'exempt'
  if (payer.trialEndsAt && payer.trialEndsAt.getTime() > at.getTime()) return 'trial'
  if (invoice.amountDue <= 0) return 'nothing due'
  // prepaid credit: the ledger says the payer owes nothing in that currency (when it has history there)
  const balance = (await balances(payload, payer.id)).find((entry) => entry.currency === invoice.currency)
  if (balance && balance.amount <= 0) return 'credit'
  return null
}

const withDunningLock = <T>(payload: Payload, waitMs: number, fn: () => Promise<T>): Promise<T> =>
  withAdvisoryLock(payload, DUNNING_LOCK_KEY, () => fn(), { waitMs, busy: () => new DunningBusy() })

type OrganizationPatch = Partial<{
  status: 'active' | 'suspended'
  dunningStage: DunningStage | null
  dunningSince: string | null
  dunningSuspendedAt: string | null
  dunningInvoice: number | null
}>

/** Straight through the adapter: the organization's own validation and hooks are not the run's business. */
async function patchOrganization(req: PayloadRequest, id: number, patch: OrganizationPatch): Promise<void> {
  await req.payload.db.updateOne({ collection: 'organizations', id, data: patch, req, returning: false })
}

async function queueWatcherSync(req: PayloadRequest, organization: OrganizationState, cause: string): Promise<void> {
  await enqueueSync(req, { collection: 'organizations', id: organization.id, action: 'upsert', label: organization.title, cause, force: true })
}

interface Facts {
  payer: number
  invoice: number
  number: string | null
  dueAt: string
  daysOverdue: number
  amountDue: number
  currency: string
}

function factsOf(invoice: OverdueInvoice, at: Date): Facts {
  return {
    payer: invoice.organization,
    invoice: invoice.id,
    number: invoice.number,
    dueAt: invoice.dueAt.toISOString(),
    daysOverdue: daysOverdue(invoice.dueAt, at),
    amountDue: invoice.amountDue,
    currency: invoice.currency,
  }
}

const invoiceLabel = (invoice: { id: number; number: string | null }) => invoice.number ?? `invoice ${invoice.id}`

async function recordAction(
  req: PayloadRequest,
  action: { organization: number; invoice: number; action: DunningActionKind; at: Date; facts?: Facts; organizations?: number[]; note?: string },
): Promise<void> {
  await req.payload.create({
    collection: DUNNING_ACTIONS_SLUG as never,
    data: {
      organization: action.organization,
      invoice: action.invoice,
      action: action.action,
      firedAt: action.at.toISOString(),
      daysOverdue: action.facts?.daysOverdue ?? null,
      amountDue: action.facts?.amountDue ?? null,
      currency: action.facts?.currency ?? null,
      organizations: action.organizations ?? [],
      note: action.note ?? null,
    } as never,
    req,
    overrideAccess: true,
    depth: 0,
  })
}

/**
 * Fires the stages the payer's oldest overdue invoice has reached and that have not fired for it
 * yet, in order, in one transaction. Answers what fired.
 */
async function fireStages(
  payload: Payload,
  context: { at: Date; cause: string; hierarchy: Hierarchy; organizations: Map<number, OrganizationState> },
  payer: OrganizationState,
  invoice: OverdueInvoice,
  policy: DunningPolicy,
): Promise<FiredStage[]> {
  const { at } = context
  const reached = stagesReached(policy, invoice.dueAt, at)
  if (reached.length === 0) return []
  const { rows } = await poolOf(payload).query<{ action: string }>(
    'select action from dunning_actions where organization_id = $1 and invoice_id = $2',
    [payer.id, invoice.id],
  )
  const done = new Set(rows.map((row) => row.action))
  const due = reached.filter((stage) => !done.has(stage))
  if (due.length === 0) return []
  const facts = factsOf(invoice, at)
  const group = context.hierarchy.paidBy(payer.id).map((id) => context.organizations.get(id)).filter((org): org is OrganizationState => Boolean(org))

  return withTransaction(payload, async ({ req }) => {
    const fired: FiredStage[] = []
    for (const stage of due) {
      if (!isSuspending(stage)) {
        await recordAction(req, { organization: payer.id, invoice: invoice.id, action: stage, at, facts })
        const suspensionAt = stageAt(invoice.dueAt, policy.suspensionDays).toISOString()
        await withTransaction(req, ({ sql }) => recordEvent(sql, { type: stage === 'reminder' ? 'dunning.reminder' : 'dunning.warning', organization: payer.id, data: { ...facts, stage, suspensionAt }, occurredAt: at }))
        await advanceStage(req, payer, stage, invoice, at)
        fired.push({ organization: payer.id, invoice: invoice.id, stage })
        continue
      }
      const suspended: number[] = []
      for (const organization of group) {
        if (await suspend(req, organization, stage, invoice, facts, at, context.cause)) suspended.push(organization.id)
      }
      await recordAction(req, {
        organization: payer.id,
        invoice: invoice.id,
        action: stage,
        at,
        facts,
        organizations: group.map((organization) => organization.id),
        note: suspended.length < group.length ? `already suspended: ${group.filter((o) => !suspended.includes(o.id)).map((o) => o.title).join(', ')}` : undefined,
      })
      fired.push({ organization: payer.id, invoice: invoice.id, stage, suspended })
    }
    return fired
  })
}

/**
 * An organization that came under a suspended payer after the suspension fired (a new subsidiary,
 * a subsidiary switched to "parent pays") is suspended with it.
 */
async function followPayer(
  payload: Payload,
  context: { at: Date; cause: string; hierarchy: Hierarchy; organizations: Map<number, OrganizationState> },
  payer: OrganizationState,
  invoice: OverdueInvoice,
): Promise<void> {
  const stage = payer.stage
  if (!isSuspending(stage)) return
  const behind = context.hierarchy
    .paidBy(payer.id)
    .map((id) => context.organizations.get(id))
    .filter((organization): organization is OrganizationState => Boolean(organization) && stageRank(organization!.stage) < stageRank(stage))
  if (behind.length === 0) return
  const facts = factsOf(invoice, context.at)
  await withTransaction(payload, async ({ req }) => {
    for (const organization of behind) await suspend(req, organization, stage!, invoice, facts, context.at, context.cause)
  })
}

/** Raises the organization's dunning stage (never lowers it) and points it at the invoice. */
async function advanceStage(req: PayloadRequest, organization: OrganizationState, stage: DunningStage, invoice: OverdueInvoice, at: Date): Promise<boolean> {
  const raised = stageRank(stage) > stageRank(organization.stage)
  const patch: OrganizationPatch = { dunningInvoice: invoice.id }
  if (raised) {
    patch.dunningStage = stage
    patch.dunningSince = at.toISOString()
  }
  await patchOrganization(req, organization.id, patch)
  if (raised) {
    organization.stage = stage
    organization.since = at
  }
  organization.invoice = invoice.id
  return raised
}

/**
 * Suspension or recording stop of one organization of the payer's group. Answers true when this
 * switched the organization to suspended (an organization an operator had suspended already
 * stays theirs: restoration will not reactivate it).
 */
async function suspend(
  req: PayloadRequest,
  organization: OrganizationState,
  stage: DunningStage,
  invoice: OverdueInvoice,
  facts: Facts,
  at: Date,
  cause: string,
): Promise<boolean> {
  const raised = await advanceStage(req, organization, stage, invoice, at)
  const why = `dunning ${stage.replace('_', ' ')} (${invoiceLabel(invoice)}, ${cause})`
  if (organization.status !== 'suspended') {
    await patchOrganization(req, organization.id, { status: 'suspended', dunningSuspendedAt: at.toISOString() })
    organization.status = 'suspended'
    organization.suspendedAt = at
    await withTransaction(req, ({ sql }) => recordEvent(sql, { type: 'organization.suspended', organization: organization.id, data: { ...facts, stage, recordingStopped: stage === 'recording_stop' }, occurredAt: at }))
    await queueWatcherSync(req, organization, why)
    await enqueueMemberSyncs(req, organization.id, why)
    return true
  }
  if (stage === 'recording_stop' && raised) {
    // already suspended: the organization's streams are what changes now
    await withTransaction(req, ({ sql }) => recordEvent(sql, { type: 'organization.suspended', organization: organization.id, data: { ...facts, stage, recordingStopped: true }, occurredAt: at }))
    await queueWatcherSync(req, organization, why)
  }
  return false
}

/**
 * Clears the dunning state of the organizations of one payer (no longer overdue), in one
 * transaction; an organization that dunning suspended is active again, with its members and
 * streams restored in Watcher through the sync queue. Answers the ids restored.
 */
async function restoreGroup(payload: Payload, payerId: number, organizations: OrganizationState[], at: Date, cause: string): Promise<number[]> {
  return withTransaction(payload, async ({ req }) => {
    const restored: number[] = []
    const why = `dunning restoration (${cause})`
    const payerInvoice = organizations.find((organization) => organization.id === payerId)?.invoice ?? organizations.find((o) => o.invoice !== null)?.invoice ?? null
    for (const organization of organizations) {
      const reactivate = organization.status === 'suspended' && organization.suspendedAt !== null
      await patchOrganization(req, organization.id, {
        dunningStage: null,
        dunningSince: null,
        dunningSuspendedAt: null,
        dunningInvoice: null,
        ...(reactivate ? { status: 'active' as const } : {}),
      })
      if (reactivate) {
        await withTransaction(req, ({ sql }) => recordEvent(sql, {
          type: 'organization.restored',
          organization: organization.id,
          data: { payer: payerId, invoice: organization.invoice, stage: organization.stage, suspendedAt: organization.suspendedAt!.toISOString() },
          occurredAt: at,
        }))
        await queueWatcherSync(req, organization, why)
        await enqueueMemberSyncs(req, organization.id, why)
        restored.push(organization.id)
      } else if (organization.stage === 'recording_stop') {
        await queueWatcherSync(req, organization, why) // its streams come back even if an operator keeps it suspended
      }
    }
    const suspending = organizations.some((organization) => isSuspending(organization.stage))
    if (suspending && payerInvoice !== null) {
      const already = await req.payload.count({
        collection: DUNNING_ACTIONS_SLUG as never,
        where: { and: [{ organization: { equals: payerId } }, { invoice: { equals: payerInvoice } }, { action: { equals: 'restoration' } }] },
        overrideAccess: true,
        req,
      })
      if (already.totalDocs === 0) {
        await recordAction(req, { organization: payerId, invoice: payerInvoice, action: 'restoration', at, organizations: organizations.map((o) => o.id) })
      }
    }
    return restored
  })
}

/**
 * The dunning run at `at` (default now()): restores the payers that are no longer overdue, then
 * (unless `stages: false`) fires the stages reached by each payer's oldest overdue invoice.
 */
export async function runDunning(payload: Payload, options: DunningRunOptions = {}): Promise<DunningRunResult> {
  const at = options.at ?? now()
  const cause = options.cause ?? 'system'
  return withDunningLock(payload, options.lockWaitMs ?? 30_000, async () => {
    const db = poolOf(payload)
    const result: DunningRunResult = { at: at.toISOString(), fired: [], restored: [], cleared: [], skipped: [], failed: [] }
    // one payer's failure (rolled back with its transaction) never holds up the others
    const isolated = async (payerId: number, work: () => Promise<void>) => {
      try {
        await work()
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        payload.logger.error({ err: error }, `dunning: payer ${payerId} failed: ${message}`)
        result.failed.push({ organization: payerId, error: message })
      }
    }
    const inDunning = await organizationsInDunning(db)
    // the frequent check costs one indexed query while nobody is in dunning
    if (inDunning.length === 0 && options.stages === false) return result
    const overdue = await oldestOverdue(db, at)
    if (inDunning.length === 0 && overdue.size === 0) return result
    const hierarchy = await loadHierarchy(db)
    const global = await readGlobalPolicy(payload)
    const involved = new Set<number>(inDunning)
    for (const payerId of overdue.keys()) hierarchy.paidBy(payerId).forEach((id) => involved.add(id))
    inDunning.forEach((id) => involved.add(hierarchy.payerOf(id)))
    const organizations = await loadOrganizations(db, involved)

    const dunnable = new Map<number, { payer: OrganizationState; invoice: OverdueInvoice; policy: DunningPolicy }>()
    for (const [payerId, invoice] of overdue) {
      const payer = organizations.get(payerId)
      if (!payer) continue
      const reason = await exemption(payload, payer, invoice, at)
      if (reason) result.skipped.push({ organization: payerId, invoice: invoice.id, reason })
      else dunnable.set(payerId, { payer, invoice, policy: effectivePolicy(global, payer.override) })
    }

    // restoration first: a payer that paid is never escalated by the same run
    const toRestore = new Map<number, OrganizationState[]>()
    for (const id of inDunning) {
      const payerId = hierarchy.payerOf(id)
      if (dunnable.has(payerId)) continue
      const organization = organizations.get(id)
      if (organization) toRestore.set(payerId, [...(toRestore.get(payerId) ?? []), organization])
    }
    for (const [payerId, group] of toRestore) {
      await isolated(payerId, async () => {
        result.restored.push(...(await restoreGroup(payload, payerId, group, at, cause)))
        result.cleared.push(...group.map((organization) => organization.id))
      })
    }

    if (options.stages === false) return result
    for (const { payer, invoice, policy } of dunnable.values()) {
      const context = { at, cause, hierarchy, organizations }
      await isolated(payer.id, async () => {
        result.fired.push(...(await fireStages(payload, context, payer, invoice, policy)))
        await followPayer(payload, context, payer, invoice)
      })
    }
    return result
  })
}
