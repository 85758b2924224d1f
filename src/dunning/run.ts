/**
 * The dunning run: load → decide (billing/dunningPlan.ts) → apply. Each stage fires once per
 * (payer, invoice, stage), recorded in `dunning-actions` (a unique index), so running again the
 * same day changes nothing. Watcher is never called here: suspension and restoration queue
 * `watcher-sync` jobs in the same transaction as the change.
 */
import type { Payload, PayloadRequest } from 'payload'
import {
  hasCredit,
  exemption,
  involvedOrganizations,
  oldestOverdue,
  planDunning,
  type DunningOrganization,
  type Escalation,
  type OverdueInvoice,
} from '../billing/dunningPlan'
import {
  daysOverdue,
  isSuspending,
  stageAt,
  stageRank,
  type DunningStage,
} from '../billing/dunningPolicy'
import { payerMap } from '../billing/hierarchy'
import { now } from '../clock'
import { isConnectionLoss, LOCK_KEYS, poolOf, withAdvisoryLock, withTransaction } from '../db'
import { Busy } from '../endpoints/errors'
import { recordEvent, recordEvents, type BillingEventInput } from '../events'
import { balancesOf } from '../ledger'
import { enqueueMemberSyncs, enqueueSync } from '../plugins/watcher'
import { readGlobalPolicy } from './policy'
import {
  insertAction,
  insertActions,
  loadActionsTaken,
  loadDunningOrganizations,
  loadHierarchyNodes,
  loadPastDueInvoices,
  organizationsInDunning,
  patchOrganization,
  restorationRecorded,
  setDunningStages,
  type ActionRecord,
  type OrganizationPatch,
} from './store'

/** Dunning runs (the daily one, POST /api/dunning/run, the restoration check) never overlap. */
export const DUNNING_LOCK_KEY = LOCK_KEYS.dunningRun

/** A run is in progress: 409 from the endpoint, a no-op for the restoration check. */
export class DunningBusy extends Busy {
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
  skipped: {
    organization: number
    invoice: number
    reason: 'exempt' | 'trial' | 'credit' | 'nothing due'
  }[]
  /**
   * Payers whose changes failed (rolled back; the next run tries again); the others went ahead.
   * The daily run also lists here the organizations whose payer chain is broken (hierarchy.ts).
   */
  failed: { organization: number; error: string }[]
}

const withDunningLock = <T>(payload: Payload, waitMs: number, fn: () => Promise<T>): Promise<T> =>
  withAdvisoryLock(payload, DUNNING_LOCK_KEY, () => fn(), { waitMs, busy: () => new DunningBusy() })

async function queueWatcherSync(
  req: PayloadRequest,
  organization: DunningOrganization,
  cause: string,
): Promise<void> {
  await enqueueSync(req, {
    collection: 'organizations',
    id: organization.id,
    action: 'upsert',
    label: organization.title,
    cause,
    force: true,
  })
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

const invoiceLabel = (invoice: { id: number; number: string | null }) =>
  invoice.number ?? `invoice ${invoice.id}`

const factsRecord = (
  facts: Facts,
): Pick<ActionRecord, 'daysOverdue' | 'amountDue' | 'currency'> => ({
  daysOverdue: facts.daysOverdue,
  amountDue: facts.amountDue,
  currency: facts.currency,
})

/** The reminder or warning event of a stage: the facts, and when suspension will come. */
const noticeEvent = (
  { payer, invoice, policy }: Escalation,
  facts: Facts,
  stage: DunningStage,
  at: Date,
): BillingEventInput => ({
  type: stage === 'reminder' ? 'dunning.reminder' : 'dunning.warning',
  organization: payer,
  data: {
    ...facts,
    stage,
    suspensionAt: stageAt(invoice.dueAt, policy.suspensionDays).toISOString(),
  },
  occurredAt: at,
})

/** Fires the escalation's due stages, in order, in one transaction. Answers what fired. */
async function fireStages(
  payload: Payload,
  context: { at: Date; cause: string; organizations: Map<number, DunningOrganization> },
  escalation: Escalation,
): Promise<FiredStage[]> {
  const { at } = context
  const { invoice, due } = escalation
  if (due.length === 0) return []
  const payer = context.organizations.get(escalation.payer)!
  const facts = factsOf(invoice, at)
  const group = escalation.group.map((id) => context.organizations.get(id)!)

  return withTransaction(payload, async ({ req, sql }) => {
    const fired: FiredStage[] = []
    for (const stage of due) {
      const action = {
        organization: payer.id,
        invoice: invoice.id,
        action: stage,
        at,
        ...factsRecord(facts),
      }
      if (!isSuspending(stage)) {
        await insertAction(sql, action)
        await withTransaction(req, ({ sql }) =>
          recordEvent(sql, noticeEvent(escalation, facts, stage, at)),
        )
        await advanceStage(req, payer, stage, invoice, at)
        fired.push({ organization: payer.id, invoice: invoice.id, stage })
        continue
      }
      const suspended: number[] = []
      for (const organization of group) {
        if (await suspend(req, organization, stage, invoice, facts, at, context.cause))
          suspended.push(organization.id)
      }
      await insertAction(sql, {
        ...action,
        organizations: group.map((organization) => organization.id),
        note:
          suspended.length < group.length
            ? `already suspended: ${group
                .filter((o) => !suspended.includes(o.id))
                .map((o) => o.title)
                .join(', ')}`
            : undefined,
      })
      fired.push({ organization: payer.id, invoice: invoice.id, stage, suspended })
    }
    return fired
  })
}

/** Payers per transaction when only reminders and warnings fire. */
const NOTICE_BATCH = 250

/** An escalation that only sends notices: no suspending stage, nobody to suspend with the payer. */
const isNoticeOnly = (escalation: Escalation) =>
  escalation.follow.length === 0 && escalation.due.every((stage) => !isSuspending(stage))

/**
 * The reminders and warnings of many payers in one transaction (what fireStages does for one, in
 * one insert of actions, one of events and one update of the organizations). The organizations
 * in memory change only once it has committed.
 */
async function fireNotices(
  payload: Payload,
  context: { at: Date; cause: string; organizations: Map<number, DunningOrganization> },
  escalations: Escalation[],
): Promise<FiredStage[]> {
  const { at } = context
  const actions: ActionRecord[] = []
  const events: BillingEventInput[] = []
  const fired: FiredStage[] = []
  const stages = new Map<
    number,
    { invoice: number; stage: DunningStage | null; since: Date | null }
  >()
  for (const escalation of escalations) {
    const { payer: payerId, invoice, due } = escalation
    const payer = context.organizations.get(payerId)!
    const facts = factsOf(invoice, at)
    let current = stages.get(payerId)?.stage ?? payer.stage
    for (const stage of due) {
      actions.push({
        organization: payerId,
        invoice: invoice.id,
        action: stage,
        at,
        ...factsRecord(facts),
      })
      events.push(noticeEvent(escalation, facts, stage, at))
      const raised = stageRank(stage) > stageRank(current)
      const previous = stages.get(payerId)
      stages.set(payerId, {
        invoice: invoice.id,
        stage: raised ? stage : (previous?.stage ?? null),
        since: raised ? at : (previous?.since ?? null),
      })
      if (raised) current = stage
      fired.push({ organization: payerId, invoice: invoice.id, stage })
    }
  }
  await withTransaction(payload, async ({ sql }) => {
    await insertActions(sql, actions)
    await recordEvents(sql, events)
    await setDunningStages(
      sql,
      [...stages].map(([id, patch]) => ({ id, ...patch })),
    )
  })
  for (const [id, patch] of stages) {
    const organization = context.organizations.get(id)!
    organization.invoice = patch.invoice
    if (patch.stage) {
      organization.stage = patch.stage
      organization.since = patch.since
    }
  }
  return fired
}

/**
 * Organizations that came under a suspended payer after the suspension fired (a new subsidiary,
 * a subsidiary switched to "parent pays") are suspended with it.
 */
async function followPayer(
  payload: Payload,
  context: { at: Date; cause: string; organizations: Map<number, DunningOrganization> },
  escalation: Escalation,
): Promise<void> {
  const { stage, follow, invoice } = escalation
  if (!stage || follow.length === 0) return
  const facts = factsOf(invoice, context.at)
  await withTransaction(payload, async ({ req }) => {
    for (const id of follow)
      await suspend(
        req,
        context.organizations.get(id)!,
        stage,
        invoice,
        facts,
        context.at,
        context.cause,
      )
  })
}

/** patchOrganization in the request's transaction. */
const patchOrganizationIn = (req: PayloadRequest, id: number, patch: OrganizationPatch) =>
  withTransaction(req, ({ sql }) => patchOrganization(sql, id, patch))

/** Raises the organization's dunning stage (never lowers it) and points it at the invoice. */
async function advanceStage(
  req: PayloadRequest,
  organization: DunningOrganization,
  stage: DunningStage,
  invoice: OverdueInvoice,
  at: Date,
): Promise<boolean> {
  const raised = stageRank(stage) > stageRank(organization.stage)
  const patch: OrganizationPatch = { dunningInvoice: invoice.id }
  if (raised) {
    patch.dunningStage = stage
    patch.dunningSince = at.toISOString()
  }
  await patchOrganizationIn(req, organization.id, patch)
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
  organization: DunningOrganization,
  stage: DunningStage,
  invoice: OverdueInvoice,
  facts: Facts,
  at: Date,
  cause: string,
): Promise<boolean> {
  const raised = await advanceStage(req, organization, stage, invoice, at)
  const why = `dunning ${stage.replace('_', ' ')} (${invoiceLabel(invoice)}, ${cause})`
  if (organization.status !== 'suspended') {
    await patchOrganizationIn(req, organization.id, {
      status: 'suspended',
      dunningSuspendedAt: at.toISOString(),
    })
    organization.status = 'suspended'
    organization.suspendedAt = at
    await withTransaction(req, ({ sql }) =>
      recordEvent(sql, {
        type: 'organization.suspended',
        organization: organization.id,
        data: { ...facts, stage, recordingStopped: stage === 'recording_stop' },
        occurredAt: at,
      }),
    )
    await queueWatcherSync(req, organization, why)
    await enqueueMemberSyncs(req, organization.id, why)
    return true
  }
  if (stage === 'recording_stop' && raised) {
    // already suspended: the organization's streams are what changes now
    await withTransaction(req, ({ sql }) =>
      recordEvent(sql, {
        type: 'organization.suspended',
        organization: organization.id,
        data: { ...facts, stage, recordingStopped: true },
        occurredAt: at,
      }),
    )
    await queueWatcherSync(req, organization, why)
  }
  return false
}

/**
 * Clears the dunning state of the organizations of one payer (no longer overdue), in one
 * transaction; an organization that dunning suspended is active again, with its members and
 * streams restored in Watcher through the sync queue. Answers the ids restored.
 */
async function restoreGroup(
  payload: Payload,
  payerId: number,
  organizations: DunningOrganization[],
  at: Date,
  cause: string,
): Promise<number[]> {
  return withTransaction(payload, async ({ req, sql }) => {
    const restored: number[] = []
    const why = `dunning restoration (${cause})`
    const payerInvoice =
      organizations.find((organization) => organization.id === payerId)?.invoice ??
      organizations.find((o) => o.invoice !== null)?.invoice ??
      null
    for (const organization of organizations) {
      const reactivate = organization.status === 'suspended' && organization.suspendedAt !== null
      await patchOrganizationIn(req, organization.id, {
        dunningStage: null,
        dunningSince: null,
        dunningSuspendedAt: null,
        dunningInvoice: null,
        ...(reactivate ? { status: 'active' as const } : {}),
      })
      if (reactivate) {
        await withTransaction(req, ({ sql }) =>
          recordEvent(sql, {
            type: 'organization.restored',
            organization: organization.id,
            data: {
              payer: payerId,
              invoice: organization.invoice,
              stage: organization.stage,
              suspendedAt: organization.suspendedAt!.toISOString(),
            },
            occurredAt: at,
          }),
        )
        await queueWatcherSync(req, organization, why)
        await enqueueMemberSyncs(req, organization.id, why)
        restored.push(organization.id)
      } else if (organization.stage === 'recording_stop') {
        await queueWatcherSync(req, organization, why) // its streams come back even if an operator keeps it suspended
      }
    }
    const suspending = organizations.some((organization) => isSuspending(organization.stage))
    if (suspending && payerInvoice !== null) {
      if (!(await restorationRecorded(req, payerId, payerInvoice))) {
        await insertAction(sql, {
          organization: payerId,
          invoice: payerInvoice,
          action: 'restoration',
          at,
          organizations: organizations.map((o) => o.id),
        })
      }
    }
    return restored
  })
}

/**
 * The dunning run at `at` (default now()): restores the payers that are no longer overdue, then
 * (unless `stages: false`) fires the stages reached by each payer's oldest overdue invoice.
 */
export async function runDunning(
  payload: Payload,
  options: DunningRunOptions = {},
): Promise<DunningRunResult> {
  const at = options.at ?? now()
  const cause = options.cause ?? 'system'
  const stages = options.stages !== false
  return withDunningLock(payload, options.lockWaitMs ?? 30_000, async () => {
    const db = poolOf(payload)
    const result: DunningRunResult = {
      at: at.toISOString(),
      fired: [],
      restored: [],
      cleared: [],
      skipped: [],
      failed: [],
    }
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

    // load
    const inDunning = await organizationsInDunning(db)
    // the frequent check costs one indexed query while nobody is in dunning
    if (inDunning.length === 0 && !stages) return result
    const overdue = oldestOverdue(await loadPastDueInvoices(db, at), at)
    if (inDunning.length === 0 && overdue.size === 0) return result
    const payers = payerMap(await loadHierarchyNodes(db))
    const global = await readGlobalPolicy(payload)
    const organizations = await loadDunningOrganizations(
      db,
      involvedOrganizations(payers, overdue, inDunning),
    )
    // the ledger is read only for payers nothing else leaves alone, all of them in one query
    const unexempt = [...overdue].filter(([payerId, invoice]) => {
      const payer = organizations.get(payerId)
      return payer && payers.payerOf(payerId) !== null && !exemption(payer, invoice, at)
    })
    const ledger = await balancesOf(
      db,
      unexempt.map(([payerId]) => payerId),
    )
    const credit = new Set<number>(
      unexempt
        .filter(([payerId, invoice]) => hasCredit(ledger.get(payerId) ?? [], invoice.currency))
        .map(([payerId]) => payerId),
    )
    const candidates = [...overdue.values()].map((invoice) => ({
      payer: invoice.organization,
      invoice: invoice.id,
    }))
    const actionsTaken = stages
      ? await loadActionsTaken(db, candidates)
      : new Map<string, Set<string>>()

    // decide
    const plan = planDunning({
      at,
      stages,
      global,
      payers,
      inDunning,
      overdue,
      organizations,
      credit,
      actionsTaken,
    })
    result.skipped.push(...plan.skipped)
    for (const problem of plan.broken) {
      payload.logger.warn(
        `dunning: organization ${problem.organization} left alone: ${problem.message}`,
      )
      if (stages) result.failed.push({ organization: problem.organization, error: problem.message })
    }

    // apply: restoration first, so a payer that paid is never escalated by the same run
    for (const { payer, organizations: ids } of plan.restore) {
      const group = ids.map((id) => organizations.get(id)!)
      await isolated(payer, async () => {
        result.restored.push(...(await restoreGroup(payload, payer, group, at, cause)))
        result.cleared.push(...ids)
      })
    }
    const context = { at, cause, organizations }
    // reminders and warnings (most of a run) in batches, one transaction and a few statements each
    const notices = plan.escalate.filter(isNoticeOnly)
    for (let start = 0; start < notices.length; start += NOTICE_BATCH) {
      const batch = notices.slice(start, start + NOTICE_BATCH)
      try {
        result.fired.push(...(await fireNotices(payload, context, batch)))
      } catch (error) {
        // the database gone: nothing of the batch committed; the run fails and runs again
        if (isConnectionLoss(error)) throw error
        // rolled back: the payers of the batch go one by one, so that only a failing one waits
        for (const escalation of batch) {
          await isolated(escalation.payer, async () => {
            result.fired.push(...(await fireStages(payload, context, escalation)))
          })
        }
      }
    }
    for (const escalation of plan.escalate) {
      if (isNoticeOnly(escalation)) continue
      await isolated(escalation.payer, async () => {
        result.fired.push(...(await fireStages(payload, context, escalation)))
        await followPayer(payload, context, escalation)
      })
    }
    return result
  })
}
