/**
 * Dunning's SQL and writes, named for what each does. Reads run on the pool outside the payers'
 * transactions (the run holds the dunning lock, so nothing else changes dunning state meanwhile);
 * writes take the transaction's `req`.
 */
import type { PayloadRequest } from 'payload'
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

/** Issued invoices due before `at`: the candidates; billing/overdue.ts decides which are overdue. */
export async function loadPastDueInvoices(sql: Sql, at: Date): Promise<PastDueInvoice[]> {
  // due_at is never null here: the query leaves those out
  type PastDueRow = Pick<
    InvoiceRow,
    'id' | 'organization_id' | 'number' | 'status' | 'amount_due' | 'total' | 'currency'
  > & { due_at: Date }
  const found = await sql.query<PastDueRow>(
    `select id, organization_id, number, status, due_at, amount_due, total, currency
       from invoices
      where status = 'issued' and due_at is not null and due_at < $1`,
    [at],
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

export type OrganizationPatch = Partial<{
  status: 'active' | 'suspended'
  dunningStage: DunningStage | null
  dunningSince: string | null
  dunningSuspendedAt: string | null
  dunningInvoice: number | null
}>

const PATCH_COLUMNS: Record<keyof OrganizationPatch, string> = {
  status: 'status',
  dunningStage: 'dunning_stage',
  dunningSince: 'dunning_since',
  dunningSuspendedAt: 'dunning_suspended_at',
  dunningInvoice: 'dunning_invoice_id',
}

/**
 * Sets the organization's dunning columns (and status) in SQL: the organization's own validation
 * and hooks are not the run's business (it was `db.updateOne` before, which runs none either).
 */
export async function patchOrganization(
  sql: Sql,
  id: number,
  patch: OrganizationPatch,
): Promise<void> {
  const keys = (Object.keys(patch) as (keyof OrganizationPatch)[]).filter(
    (key) => patch[key] !== undefined,
  )
  if (keys.length === 0) return
  await sql.query(
    `update organizations set ${keys.map((key, index) => `${PATCH_COLUMNS[key]} = $${index + 2}`).join(', ')} where id = $1`,
    [id, ...keys.map((key) => patch[key])],
  )
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

export async function restorationRecorded(
  req: PayloadRequest,
  payer: number,
  invoice: number,
): Promise<boolean> {
  const already = await req.payload.count({
    collection: DUNNING_ACTIONS_SLUG,
    where: {
      and: [
        { organization: { equals: payer } },
        { invoice: { equals: invoice } },
        { action: { equals: 'restoration' } },
      ],
    },
    overrideAccess: true,
    req,
  })
  return already.totalDocs > 0
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

/** One dunning action (see insertActions). */
export const insertAction = (sql: Sql, action: ActionRecord): Promise<void> =>
  insertActions(sql, [action])

/** Where many organizations stand in dunning: their invoice, and the stage and since where given (else kept). */
export async function setDunningStages(
  sql: Sql,
  patches: { id: number; invoice: number; stage: DunningStage | null; since: Date | null }[],
): Promise<void> {
  if (patches.length === 0) return
  await sql.query(
    `update organizations o set dunning_invoice_id = p.invoice,
        dunning_stage = coalesce(p.stage::enum_organizations_dunning_stage, o.dunning_stage),
        dunning_since = coalesce(p.since, o.dunning_since)
      from unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[]) as p(id, invoice, stage, since)
      where o.id = p.id`,
    [
      patches.map((patch) => patch.id),
      patches.map((patch) => patch.invoice),
      patches.map((patch) => patch.stage),
      patches.map((patch) => patch.since),
    ],
  )
}
