/**
 * The dunning run: load → decide (billing/dunningPlan.ts) → apply. Each stage fires once per
 * (payer, invoice, stage), recorded in `dunning-actions` (a unique index), so running again the
 * same day changes nothing. Watcher is never called here: suspension and restoration queue
 * `watcher-sync` jobs in the same transaction as the change.
 */
import type { Payload } from 'payload'
import {
  hasCredit,
  exemption,
  involvedOrganizations,
  oldestOverdue,
  planDunning,
  type DunningOrganization,
  type Escalation,
  type OverdueInvoice,
  type Restoration,
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
import { recordEvents, type BillingEventInput } from '../events'
import { balancesOf } from '../ledger'
import { queueOrganizationSyncs, type OrganizationSync } from '../plugins/watcher'
import { readGlobalPolicy } from './policy'
import {
  clearDunningStates,
  insertActions,
  loadActionsTaken,
  loadDunningOrganizations,
  loadHierarchyNodes,
  loadPastDueInvoices,
  loadPayerChains,
  organizationsInDunning,
  restorationsRecorded,
  setDunningStages,
  type ActionRecord,
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

/** Payers per transaction: a batch that fails goes again payer by payer. */
const PAYER_BATCH = 250

const batchesOf = <T>(list: T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / PAYER_BATCH) }, (_, index) =>
    list.slice(index * PAYER_BATCH, (index + 1) * PAYER_BATCH),
  )

/** What a batch of escalations writes, worked out in memory before its transaction. */
interface EscalationWrites {
  actions: ActionRecord[]
  events: BillingEventInput[]
  syncs: OrganizationSync[]
  fired: FiredStage[]
  /** The organizations' dunning state once the batch has committed. */
  states: Map<number, DunningOrganization>
  /** The organizations the batch suspends (status and dunning suspension time written). */
  suspended: Set<number>
}

/**
 * Fires the due stages of each escalation, in order (then suspends those that `follow` the payer),
 * all of them in one transaction and a few statements: one insert of actions (and the
 * organizations they name), one of events, one update of the organizations, one insert of Watcher
 * sync jobs. The organizations in memory change only once it has committed.
 */
async function fireEscalations(
  payload: Payload,
  context: { at: Date; cause: string; organizations: Map<number, DunningOrganization> },
  escalations: Escalation[],
): Promise<FiredStage[]> {
  const writes = escalationWrites(context, escalations)
  await withTransaction(payload, async ({ sql }) => {
    await insertActions(sql, writes.actions)
    await recordEvents(sql, writes.events)
    await setDunningStages(
      sql,
      [...writes.states.values()].map((state) => {
        const suspended = writes.suspended.has(state.id)
        return {
          id: state.id,
          invoice: state.invoice!,
          stage: state.stage,
          since: state.since,
          status: suspended ? ('suspended' as const) : null,
          suspendedAt: suspended ? state.suspendedAt : null,
        }
      }),
    )
    await queueOrganizationSyncs(sql, writes.syncs)
  })
  for (const [id, state] of writes.states) context.organizations.set(id, state)
  return writes.fired
}

/** The writes of fireEscalations, on copies of the organizations' states. */
function escalationWrites(
  context: { at: Date; cause: string; organizations: Map<number, DunningOrganization> },
  escalations: Escalation[],
): EscalationWrites {
  const { at, cause } = context
  const writes: EscalationWrites = {
    actions: [],
    events: [],
    syncs: [],
    fired: [],
    states: new Map(),
    suspended: new Set(),
  }
  const stateOf = (id: number): DunningOrganization => {
    let state = writes.states.get(id)
    if (!state) {
      state = { ...context.organizations.get(id)! }
      writes.states.set(id, state)
    }
    return state
  }
  /** Raises the stage (never lowers it) and points it at the invoice; true when raised. */
  const advance = (state: DunningOrganization, stage: DunningStage, invoice: OverdueInvoice) => {
    const raised = stageRank(stage) > stageRank(state.stage)
    state.invoice = invoice.id
    if (raised) {
      state.stage = stage
      state.since = at
    }
    return raised
  }
  /**
   * Suspension or recording stop of one organization of the payer's group; true when this
   * switched it to suspended (one an operator had suspended already stays theirs: restoration
   * will not reactivate it).
   */
  const suspend = (id: number, stage: DunningStage, invoice: OverdueInvoice, facts: Facts) => {
    const state = stateOf(id)
    const raised = advance(state, stage, invoice)
    const why = `dunning ${stage.replace('_', ' ')} (${invoiceLabel(invoice)}, ${cause})`
    const event = (recordingStopped: boolean): BillingEventInput => ({
      type: 'organization.suspended',
      organization: id,
      data: { ...facts, stage, recordingStopped },
      occurredAt: at,
    })
    if (state.status !== 'suspended') {
      state.status = 'suspended'
      state.suspendedAt = at
      writes.suspended.add(id)
      writes.events.push(event(stage === 'recording_stop'))
      writes.syncs.push({ organization: id, label: state.title, cause: why, members: true })
      return true
    }
    if (stage === 'recording_stop' && raised) {
      // already suspended: the organization's streams are what changes now
      writes.events.push(event(true))
      writes.syncs.push({ organization: id, label: state.title, cause: why, members: false })
    }
    return false
  }

  for (const escalation of escalations) {
    const { payer, invoice, group } = escalation
    const facts = factsOf(invoice, at)
    for (const stage of escalation.due) {
      const action: ActionRecord = {
        organization: payer,
        invoice: invoice.id,
        action: stage,
        at,
        ...factsRecord(facts),
      }
      if (!isSuspending(stage)) {
        writes.actions.push(action)
        writes.events.push(noticeEvent(escalation, facts, stage, at))
        advance(stateOf(payer), stage, invoice)
        writes.fired.push({ organization: payer, invoice: invoice.id, stage })
        continue
      }
      const suspended = group.filter((id) => suspend(id, stage, invoice, facts))
      const already = group.filter((id) => !suspended.includes(id))
      writes.actions.push({
        ...action,
        organizations: group,
        note:
          already.length > 0
            ? `already suspended: ${already.map((id) => stateOf(id).title).join(', ')}`
            : undefined,
      })
      writes.fired.push({ organization: payer, invoice: invoice.id, stage, suspended })
    }
    // organizations that came under a suspended payer after its suspension fired (a new
    // subsidiary, one switched to "parent pays") are suspended with it
    if (escalation.stage)
      for (const id of escalation.follow) suspend(id, escalation.stage, invoice, facts)
  }
  return writes
}

/**
 * Clears the dunning state of the organizations of these payers (no longer overdue), all in one
 * transaction and a few statements; an organization that dunning suspended is active again, with
 * its members and streams restored in Watcher through the sync queue, and the payer's restoration
 * is recorded once per invoice. Answers the ids restored and cleared.
 */
async function restoreGroups(
  payload: Payload,
  context: { at: Date; cause: string; organizations: Map<number, DunningOrganization> },
  restorations: Restoration[],
): Promise<{ restored: number[]; cleared: number[] }> {
  const { at, cause } = context
  const why = `dunning restoration (${cause})`
  const cleared: { id: number; reactivate: boolean }[] = []
  const events: BillingEventInput[] = []
  const syncs: OrganizationSync[] = []
  const actions: ActionRecord[] = []
  for (const { payer: payerId, organizations: ids } of restorations) {
    const group = ids.map((id) => context.organizations.get(id)!)
    for (const organization of group) {
      const reactivate = organization.status === 'suspended' && organization.suspendedAt !== null
      cleared.push({ id: organization.id, reactivate })
      const sync = { organization: organization.id, label: organization.title, cause: why }
      if (reactivate) {
        events.push({
          type: 'organization.restored',
          organization: organization.id,
          data: {
            payer: payerId,
            invoice: organization.invoice,
            stage: organization.stage,
            suspendedAt: organization.suspendedAt!.toISOString(),
          },
          occurredAt: at,
        })
        syncs.push({ ...sync, members: true })
      } else if (organization.stage === 'recording_stop') {
        syncs.push({ ...sync, members: false }) // its streams come back even if an operator keeps it suspended
      }
    }
    const payerInvoice =
      group.find((organization) => organization.id === payerId)?.invoice ??
      group.find((organization) => organization.invoice !== null)?.invoice ??
      null
    if (payerInvoice !== null && group.some((organization) => isSuspending(organization.stage)))
      actions.push({
        organization: payerId,
        invoice: payerInvoice,
        action: 'restoration',
        at,
        organizations: ids,
      })
  }
  await withTransaction(payload, async ({ sql }) => {
    await clearDunningStates(sql, cleared)
    await recordEvents(sql, events)
    await queueOrganizationSyncs(sql, syncs)
    const recorded = await restorationsRecorded(sql, actions)
    await insertActions(
      sql,
      actions.filter((action) => !recorded.has(`${action.organization}:${action.invoice}`)),
    )
  })
  return {
    restored: cleared.filter((entry) => entry.reactivate).map((entry) => entry.id),
    cleared: cleared.map((entry) => entry.id),
  }
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

    // load: the daily run reads every overdue payer and the whole hierarchy; the restoration
    // check only the organizations in dunning, their payers and those payers' invoices
    const inDunning = await organizationsInDunning(db)
    // the frequent check costs one indexed query while nobody is in dunning
    if (inDunning.length === 0 && !stages) return result
    const [pastDue, nodes, global] = await Promise.all([
      stages ? loadPastDueInvoices(db, at) : undefined,
      stages ? loadHierarchyNodes(db) : loadPayerChains(db, inDunning),
      readGlobalPolicy(payload),
    ])
    const payers = payerMap(nodes)
    const payersInDunning = [
      ...new Set(inDunning.map((id) => payers.payerOf(id)).filter((id) => id !== null)),
    ]
    const [past, organizationsInvolved] = await Promise.all([
      pastDue ?? loadPastDueInvoices(db, at, payersInDunning),
      stages ? undefined : loadDunningOrganizations(db, [...inDunning, ...payersInDunning]),
    ])
    const overdue = oldestOverdue(past, at)
    if (inDunning.length === 0 && overdue.size === 0) return result
    // the ledger of every overdue payer with a payer chain in one query, beside the organizations
    // (exempt ones are read too, and left alone below)
    const chained = [...overdue.keys()].filter((payerId) => payers.payerOf(payerId) !== null)
    const candidates = [...overdue.values()].map((invoice) => ({
      payer: invoice.organization,
      invoice: invoice.id,
    }))
    const [organizations, ledger, actionsTaken] = await Promise.all([
      organizationsInvolved ??
        loadDunningOrganizations(db, involvedOrganizations(payers, overdue, inDunning)),
      balancesOf(db, chained),
      stages ? loadActionsTaken(db, candidates) : new Map<string, Set<string>>(),
    ])
    const credit = new Set<number>(
      chained.filter((payerId) => {
        const payer = organizations.get(payerId)
        const invoice = overdue.get(payerId)!
        return (
          payer !== undefined &&
          exemption(payer, invoice, at) === null &&
          hasCredit(ledger.get(payerId) ?? [], invoice.currency)
        )
      }),
    )

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
    const context = { at, cause, organizations }
    for (const batch of batchesOf(plan.restore)) {
      try {
        const done = await restoreGroups(payload, context, batch)
        result.restored.push(...done.restored)
        result.cleared.push(...done.cleared)
      } catch (error) {
        if (isConnectionLoss(error)) throw error
        for (const restoration of batch) {
          await isolated(restoration.payer, async () => {
            const done = await restoreGroups(payload, context, [restoration])
            result.restored.push(...done.restored)
            result.cleared.push(...done.cleared)
          })
        }
      }
    }
    for (const batch of batchesOf(plan.escalate)) {
      try {
        result.fired.push(...(await fireEscalations(payload, context, batch)))
      } catch (error) {
        // the database gone: nothing of the batch committed; the run fails and runs again
        if (isConnectionLoss(error)) throw error
        // rolled back: the payers of the batch go one by one, so that only a failing one waits
        for (const escalation of batch) {
          await isolated(escalation.payer, async () => {
            result.fired.push(...(await fireEscalations(payload, context, [escalation])))
          })
        }
      }
    }
    return result
  })
}
