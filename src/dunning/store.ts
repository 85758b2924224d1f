/**
 * Dunning's SQL and writes, named for what each does. Reads run on the pool outside the payers'
 * transactions (the run holds the dunning lock, so nothing else changes dunning state meanwhile);
 * writes take the transaction's `req`.
 */
import type { DunningStage } from '../billing/dunningPolicy'
import type { DunningOrganization, PastDueInvoice } from '../billing/dunningPlan'
import type { HierarchyNode } from '../billing/hierarchy'
import { firstRow, rows, type Sql } from '../db'
import type { InvoiceRow } from '../invoicing'
import type { DunningAction } from '../payload-types'

export const DUNNING_ACTIONS_SLUG = 'dunning-actions'

export type DunningActionKind = DunningAction['action']

/** Every organization's parent and payer: the hierarchy is decided on all of them. */
export async function loadHierarchyNodes(sql: Sql): Promise<HierarchyNode[]> {
  const found = await sql.query<{ id: number; parent_id: number | null; payer: 'self' | 'parent' }>(
    'select id, parent_id, payer from organizations',
  )
  return found.rows.map((row) => ({ id: row.id, parent: row.parent_id, payer: row.payer }))
}

/**
 * The organizations given and those they are paid for by, up their chains: enough to resolve
 * their payers (a loop is walked once, a missing parent stays missing).
 */
export async function loadPayerChains(sql: Sql, ids: number[]): Promise<HierarchyNode[]> {
  const found = await sql.query<{ id: number; parent_id: number | null; payer: 'self' | 'parent' }>(
    `with recursive chain(id, parent_id, payer) as (
        select id, parent_id, payer from organizations where id = any($1::int[])
        union
        select o.id, o.parent_id, o.payer from organizations o join chain c on o.id = c.parent_id
         where c.payer = 'parent')
      select id, parent_id, payer from chain`,
    [ids],
  )
  return found.rows.map((row) => ({ id: row.id, parent: row.parent_id, payer: row.payer }))
}

/** Issued invoices due before `at`: the candidates; billing/overdue.ts decides which are overdue. */
export async function loadPastDueInvoices(
  sql: Sql,
  at: Date,
  payers?: number[],
): Promise<PastDueInvoice[]> {
  // due_at is never null here: the query leaves those out
  type PastDueRow = Pick<
    InvoiceRow,
    'id' | 'organization_id' | 'number' | 'status' | 'amount_due' | 'total' | 'currency'
  > & { due_at: Date }
  const found = await sql.query<PastDueRow>(
    `select id, organization_id, number, status, due_at, amount_due, total, currency
       from invoices
      where status = 'issued' and due_at is not null and due_at < $1
        and ($2::int[] is null or organization_id = any($2::int[]))`,
    [at, payers ?? null],
  )
  const amount = (value: string | null) => (value === null ? null : Number(value))
  return found.rows.map((row) => ({
    id: row.id,
    organization: row.organization_id,
    number: row.number,
    status: row.status,
    dueAt: row.due_at,
    amountDue: amount(row.amount_due),
    total: amount(row.total),
    currency: row.currency,
  }))
}

const numberOrNull = (value: string | number | null): number | null =>
  value === null ? null : Number(value)

export async function loadDunningOrganizations(
  sql: Sql,
  ids: Iterable<number>,
): Promise<Map<number, DunningOrganization>> {
  const list = [...new Set(ids)]
  if (list.length === 0) return new Map()
  const found = await sql.query(
    `select id, title, status, trial_ends_at, dunning_stage, dunning_since, dunning_suspended_at, dunning_invoice_id,
            dunning_policy_exempt, dunning_policy_reminder_days, dunning_policy_warning_days, dunning_policy_suspension_days,
            dunning_policy_recording_stop, dunning_policy_recording_stop_days
       from organizations where id = any($1::int[])`,
    [list],
  )
  return new Map(
    found.rows.map((row) => [
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
      } satisfies DunningOrganization,
    ]),
  )
}

export async function organizationsInDunning(sql: Sql): Promise<number[]> {
  return (
    await rows<{ id: number }>(sql, 'select id from organizations where dunning_stage is not null')
  ).map((row) => row.id)
}

/** The actions recorded for each (payer, invoice) pair, keyed `${payer}:${invoice}`. */
export async function loadActionsTaken(
  sql: Sql,
  pairs: { payer: number; invoice: number }[],
): Promise<Map<string, Set<string>>> {
  const taken = new Map<string, Set<string>>()
  if (pairs.length === 0) return taken
  const found = await sql.query<{ organization_id: number; invoice_id: number; action: string }>(
    `select a.organization_id, a.invoice_id, a.action
       from dunning_actions a
       join unnest($1::int[], $2::int[]) as pair(payer, invoice) on a.organization_id = pair.payer and a.invoice_id = pair.invoice`,
    [pairs.map((pair) => pair.payer), pairs.map((pair) => pair.invoice)],
  )
  for (const row of found.rows) {
    const key = `${row.organization_id}:${row.invoice_id}`
    taken.set(key, (taken.get(key) ?? new Set()).add(row.action))
  }
  return taken
}

/** The organization's dunning stage, or null (the restoration check's cheap test). */
export async function dunningStageOf(sql: Sql, organizationId: number): Promise<string | null> {
  return (
    (
      await firstRow<{ stage: string | null }>(
        sql,
        'select dunning_stage as stage from organizations where id = $1',
        [organizationId],
      )
    )?.stage ?? null
  )
}

/** The payer named by an invoice (a credit note names only its invoice). */
export async function payerOfInvoice(sql: Sql, invoiceId: number): Promise<number | undefined> {
  return (
    await firstRow<{ organization_id: number }>(
      sql,
      'select organization_id from invoices where id = $1',
      [invoiceId],
    )
  )?.organization_id
}

export interface ActionRecord {
  organization: number
  invoice: number
  action: DunningActionKind
  at: Date
  daysOverdue?: number
  amountDue?: number
  currency?: string
  organizations?: number[]
  note?: string
}

/** Which of these payers' restorations after their invoice are recorded already, as `payer:invoice`. */
export async function restorationsRecorded(
  sql: Sql,
  pairs: { organization: number; invoice: number }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set()
  const found = await rows<{ organization_id: number; invoice_id: number }>(
    sql,
    `select a.organization_id, a.invoice_id from dunning_actions a
       join unnest($1::int[], $2::int[]) as pair(payer, invoice)
         on a.organization_id = pair.payer and a.invoice_id = pair.invoice
      where a.action = 'restoration'`,
    [pairs.map((pair) => pair.organization), pairs.map((pair) => pair.invoice)],
  )
  return new Set(found.map((row) => `${row.organization_id}:${row.invoice_id}`))
}

/** Clears the dunning state of these organizations; those marked are active again. */
export async function clearDunningStates(
  sql: Sql,
  organizations: { id: number; reactivate: boolean }[],
): Promise<void> {
  if (organizations.length === 0) return
  await sql.query(
    `update organizations o set dunning_stage = null, dunning_since = null,
        dunning_suspended_at = null, dunning_invoice_id = null,
        status = case when c.reactivate then 'active'::enum_organizations_status else o.status end
      from unnest($1::int[], $2::boolean[]) as c(id, reactivate)
      where o.id = c.id`,
    [organizations.map((o) => o.id), organizations.map((o) => o.reactivate)],
  )
}

/**
 * Dunning actions, in one insert (and one of the organizations they name): the rows the
 * `dunning-actions` collection stores, which has no hooks. The unique (organization, invoice,
 * action) index refuses an action fired twice.
 */
export async function insertActions(sql: Sql, actions: ActionRecord[]): Promise<void> {
  if (actions.length === 0) return
  const { rows: inserted } = await sql.query<{ id: number; key: string }>(
    `insert into dunning_actions (organization_id, invoice_id, action, fired_at, days_overdue, amount_due, currency, note)
      select a.organization_id, a.invoice_id, a.action::enum_dunning_actions_action, a.fired_at, a.days_overdue,
          a.amount_due, a.currency, a.note
        from unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[], $5::numeric[], $6::numeric[], $7::varchar[], $8::varchar[])
          as a(organization_id, invoice_id, action, fired_at, days_overdue, amount_due, currency, note)
      returning id, organization_id || ' ' || invoice_id || ' ' || action as key`,
    [
      actions.map((action) => action.organization),
      actions.map((action) => action.invoice),
      actions.map((action) => action.action),
      actions.map((action) => action.at),
      actions.map((action) => action.daysOverdue ?? null),
      actions.map((action) => action.amountDue ?? null),
      actions.map((action) => action.currency ?? null),
      actions.map((action) => action.note ?? null),
    ],
  )
  const idOf = new Map(inserted.map((row) => [row.key, Number(row.id)]))
  const named = actions.flatMap((action) =>
    (action.organizations ?? []).map((organization, index) => ({
      parent: idOf.get(`${action.organization} ${action.invoice} ${action.action}`)!,
      order: index + 1,
      organization,
    })),
  )
  if (named.length === 0) return
  await sql.query(
    `insert into dunning_actions_rels ("order", parent_id, path, organizations_id)
      select r.n, r.parent_id, 'organizations', r.organization_id
        from unnest($1::int[], $2::int[], $3::int[]) as r(n, parent_id, organization_id)`,
    [
      named.map((row) => row.order),
      named.map((row) => row.parent),
      named.map((row) => row.organization),
    ],
  )
}

/**
 * Where many organizations stand in dunning, in one update: each one's invoice; its stage and
 * since, its status and dunning suspension time where given (null keeps what is stored, so an
 * operator's status is never overwritten by a run that did not change it).
 */
export async function setDunningStages(
  sql: Sql,
  patches: {
    id: number
    invoice: number
    stage: DunningStage | null
    since: Date | null
    status?: 'suspended' | null
    suspendedAt?: Date | null
  }[],
): Promise<void> {
  if (patches.length === 0) return
  await sql.query(
    `update organizations o set dunning_invoice_id = p.invoice,
        dunning_stage = coalesce(p.stage::enum_organizations_dunning_stage, o.dunning_stage),
        dunning_since = coalesce(p.since, o.dunning_since),
        status = coalesce(p.status::enum_organizations_status, o.status),
        dunning_suspended_at = coalesce(p.suspended_at, o.dunning_suspended_at)
      from unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[])
        as p(id, invoice, stage, since, status, suspended_at)
      where o.id = p.id`,
    [
      patches.map((patch) => patch.id),
      patches.map((patch) => patch.invoice),
      patches.map((patch) => patch.stage),
      patches.map((patch) => patch.since),
      patches.map((patch) => patch.status ?? null),
      patches.map((patch) => patch.suspendedAt ?? null),
    ],
  )
}
