/**
 * The decision of a dunning run, pure (the run in src/dunning only loads and applies it): for each
 * payer, its oldest overdue invoice (overdue.ts) decides the stage (dunningPolicy.ts); a stage
 * fires once per (payer, invoice, stage); payers in dunning that are no longer overdue are
 * restored, and restoration comes first so a payer that paid is never escalated by the same run.
 * Subsidiaries whose payer is their parent follow their payer (hierarchy.ts): suspending a payer
 * suspends every organization it pays for. An organization whose payer chain is broken (a loop, a
 * missing parent) is neither dunned nor restored through it: it is reported.
 */
import {
  effectivePolicy,
  isSuspending,
  stageRank,
  stagesReached,
  type DunningOverride,
  type DunningPolicy,
  type DunningStage,
} from './dunningPolicy'
import type { HierarchyProblem, PayerMap } from './hierarchy'
import { amountDueOf, isOverdue } from './overdue'

/** An issued invoice past its due date, as loaded (overdue.ts decides whether it is overdue). */
export interface PastDueInvoice {
  id: number
  /** The payer organization. */
  organization: number
  number: string | null
  status: string
  dueAt: Date
  amountDue: number | null
  total: number | null
  currency: string
}

export interface OverdueInvoice {
  id: number
  organization: number
  number: string | null
  dueAt: Date
  /** What is overdue (the amount due). */
  amountDue: number
  currency: string
}

export interface DunningOrganization {
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

export type SkipReason = 'exempt' | 'trial' | 'credit' | 'nothing due'

/**
 * Each payer's oldest overdue invoice (by due date, then id), by payer id ascending. Invoices that
 * are past due but not overdue (nothing left to pay) are left out.
 */
export function oldestOverdue(
  invoices: Iterable<PastDueInvoice>,
  at: Date,
): Map<number, OverdueInvoice> {
  const oldest = new Map<number, PastDueInvoice>()
  for (const invoice of invoices) {
    if (!isOverdue(invoice, at)) continue
    const current = oldest.get(invoice.organization)
    const older =
      !current ||
      invoice.dueAt.getTime() < current.dueAt.getTime() ||
      (invoice.dueAt.getTime() === current.dueAt.getTime() && invoice.id < current.id)
    if (older) oldest.set(invoice.organization, invoice)
  }
  return new Map(
    [...oldest.entries()]
      .sort(([a], [b]) => a - b)
      .map(([payer, invoice]) => [
        payer,
        {
          id: invoice.id,
          organization: payer,
          number: invoice.number,
          dueAt: invoice.dueAt,
          amountDue: amountDueOf(invoice) ?? 0,
          currency: invoice.currency,
        },
      ]),
  )
}

/** The organizations a run must know: those in dunning and their payers, the overdue payers and those they pay for. */
export function involvedOrganizations(
  payers: PayerMap,
  overdue: Map<number, OverdueInvoice>,
  inDunning: number[],
): number[] {
  const involved = new Set<number>(inDunning)
  for (const payerId of overdue.keys()) payers.paidBy(payerId).forEach((id) => involved.add(id))
  for (const id of inDunning) {
    const payerId = payers.payerOf(id)
    if (payerId !== null) involved.add(payerId)
  }
  return [...involved]
}

/**
 * Why dunning leaves the payer alone without looking at its ledger, or null: trials and nothing
 * due never trigger, and an exempt payer never is dunned.
 */
export function exemption(
  payer: DunningOrganization,
  invoice: OverdueInvoice,
  at: Date,
): Exclude<SkipReason, 'credit'> | null {
  if (payer.override.exempt) return 'exempt'
  if (payer.trialEndsAt && payer.trialEndsAt.getTime() > at.getTime()) return 'trial'
  if (invoice.amountDue <= 0) return 'nothing due'
  return null
}

/** Prepaid credit: the ledger says the payer owes nothing in that currency (when it has history there). */
export function hasCredit(
  balances: { currency: string; amount: number }[] | undefined,
  currency: string,
): boolean {
  const balance = balances?.find((entry) => entry.currency === currency)
  return balance !== undefined && balance.amount <= 0
}

export interface Escalation {
  payer: number
  invoice: OverdueInvoice
  policy: DunningPolicy
  /** The stages reached and not fired yet for this invoice, in escalation order. */
  due: DunningStage[]
  /** The payer and the organizations it pays for (those known), payer first. */
  group: number[]
  /** The payer's stage once `due` has fired. */
  stage: DunningStage | null
  /**
   * Organizations of the group left behind a suspending stage (come under the payer after its
   * suspension fired): suspended with it at `stage`, after `due` has fired.
   */
  follow: number[]
}

export interface Restoration {
  payer: number
  /** The organizations of that payer in dunning, whose dunning state is cleared. */
  organizations: number[]
}

export interface DunningPlan {
  /** In order: restorations first. */
  restore: Restoration[]
  /** Empty when the run is the restoration check only. */
  escalate: Escalation[]
  skipped: { organization: number; invoice: number; reason: SkipReason }[]
  /** Involved organizations whose payer chain is broken: neither dunned nor restored. */
  broken: HierarchyProblem[]
}

export interface DunningPlanInput {
  at: Date
  /** false: only restore payers that are no longer overdue (the frequent check). */
  stages: boolean
  global: DunningPolicy
  payers: PayerMap
  /** Organizations with a dunning stage. */
  inDunning: number[]
  /** Each payer's oldest overdue invoice (oldestOverdue). */
  overdue: Map<number, OverdueInvoice>
  organizations: Map<number, DunningOrganization>
  /** Payers whose ledger shows credit in their overdue invoice's currency. */
  credit: ReadonlySet<number>
  /** The actions already recorded, by `${payer}:${invoice}`. */
  actionsTaken: ReadonlyMap<string, ReadonlySet<string>>
}

export const actionKey = (payer: number, invoice: number) => `${payer}:${invoice}`

const higher = (a: DunningStage | null, b: DunningStage | null): DunningStage | null =>
  stageRank(b) > stageRank(a) ? b : a

export function planDunning(input: DunningPlanInput): DunningPlan {
  const { at, payers, organizations } = input
  const plan: DunningPlan = { restore: [], escalate: [], skipped: [], broken: [] }
  const reported = new Set<number>()
  const report = (id: number) => {
    const problem = payers.problemOf(id)
    if (!problem || reported.has(id)) return
    reported.add(id)
    plan.broken.push(problem)
  }

  const dunnable = new Map<
    number,
    { payer: DunningOrganization; invoice: OverdueInvoice; policy: DunningPolicy }
  >()
  for (const [payerId, invoice] of input.overdue) {
    const payer = organizations.get(payerId)
    if (!payer) continue
    if (payers.payerOf(payerId) === null) {
      report(payerId)
      continue
    }
    const reason = exemption(payer, invoice, at) ?? (input.credit.has(payerId) ? 'credit' : null)
    if (reason) plan.skipped.push({ organization: payerId, invoice: invoice.id, reason })
    else
      dunnable.set(payerId, {
        payer,
        invoice,
        policy: effectivePolicy(input.global, payer.override),
      })
  }

  const toRestore = new Map<number, number[]>()
  for (const id of input.inDunning) {
    const payerId = payers.payerOf(id)
    if (payerId === null) {
      report(id)
      continue
    }
    if (dunnable.has(payerId)) continue
    if (organizations.has(id)) toRestore.set(payerId, [...(toRestore.get(payerId) ?? []), id])
  }
  for (const [payer, group] of toRestore) plan.restore.push({ payer, organizations: group })

  if (!input.stages) return plan
  for (const { payer, invoice, policy } of dunnable.values()) {
    const done = input.actionsTaken.get(actionKey(payer.id, invoice.id)) ?? new Set<string>()
    const due = stagesReached(policy, invoice.dueAt, at).filter((stage) => !done.has(stage))
    const group = payers.paidBy(payer.id).filter((id) => organizations.has(id))
    const suspending = due.filter(isSuspending).at(-1) ?? null
    const stage = due.reduce(higher, payer.stage)
    // the group's stages once `due` has fired: a suspending stage raises all of them
    const after = (id: number) =>
      id === payer.id ? stage : higher(organizations.get(id)!.stage, suspending)
    const follow = isSuspending(stage)
      ? group.filter((id) => stageRank(after(id)) < stageRank(stage))
      : []
    plan.escalate.push({ payer: payer.id, invoice, policy, due, group, stage, follow })
  }
  return plan
}
