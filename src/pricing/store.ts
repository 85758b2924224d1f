/**
 * The pricing domain's SQL: read-only. The simulation reads the catalogue once, then payers a page
 * at a time (keyset by id) with their members, their usage of the month and their invoices of it;
 * never a query per organization.
 */
import type { Sql } from '../db'

export interface OrganizationTermRow {
  id: number
  title: string
  payer: 'self' | 'parent'
  parent_id: number | null
  trial_ends_at: Date | null
  timezone: string | null
  tax_rate_bp: string | null
  currency: string
}

const TERM_COLUMNS = [
  'id',
  'title',
  'payer',
  'parent_id',
  'trial_ends_at',
  'timezone',
  'tax_rate_bp',
  'currency',
]
/** An organization that pays for itself (billing/hierarchy.ts), as the month close selects payers. */
const IS_PAYER = `not (payer = 'parent' and parent_id is not null)`

export async function subscriptionRows(sql: Sql) {
  const { rows } = await sql.query<{ id: number; title: string; currency: string }>(
    `select id, title, currency from subscriptions order by id`,
  )
  return rows
}

/** Every subscription's price list, in list order. */
export async function subscriptionPriceRows(sql: Sql) {
  const { rows } = await sql.query<{ parent: number; from: Date; amount: string }>(
    `select _parent_id as parent, "from", amount from subscriptions_prices order by _parent_id, _order`,
  )
  return rows
}

/** Every subscription's services (the relationship rows). */
export async function subscriptionServiceRows(sql: Sql) {
  const { rows } = await sql.query<{ subscription: number; service: number }>(
    `select parent_id as subscription, services_id as service from subscriptions_rels
      where path = 'services' and services_id is not null order by parent_id, "order"`,
  )
  return rows
}

export async function serviceRows(sql: Sql) {
  const { rows } = await sql.query<{ id: number; title: string; price: string; currency: string }>(
    `select id, title, price, currency from services order by id`,
  )
  return rows
}

/** The next `limit` payers after id `afterId`, by id. */
export async function payerRowsAfter(
  sql: Sql,
  afterId: number,
  limit: number,
): Promise<OrganizationTermRow[]> {
  const { rows } = await sql.query<OrganizationTermRow>(
    `select ${TERM_COLUMNS.join(', ')} from organizations where ${IS_PAYER} and id > $1 order by id limit $2`,
    [afterId, limit],
  )
  return rows
}

/** The organizations billed to these payers, the payers included, each with its payer. */
export async function memberRowsOfPayers(
  sql: Sql,
  payerIds: number[],
): Promise<(OrganizationTermRow & { payer_id: number })[]> {
  const { rows } = await sql.query<OrganizationTermRow & { payer_id: number }>(
    `with recursive member(id, payer_id) as (
        select id, id from organizations where id = any($1::int[])
        union
        select o.id, m.payer_id from organizations o join member m on o.parent_id = m.id
          where o.payer = 'parent'
      )
      select ${TERM_COLUMNS.map((column) => `o.${column}`).join(', ')}, m.payer_id
        from member m join organizations o on o.id = m.id order by o.id`,
    [payerIds],
  )
  return rows
}

export interface UsageRow {
  organization_id: number
  subscription_id: number
  camera_key: string
  from_ms: number
  to_ms: number | null
}

/** Usage of these organizations overlapping [start, end), times as epoch milliseconds. */
export async function usageOverlapping(
  sql: Sql,
  organizationIds: number[],
  start: Date,
  end: Date,
): Promise<UsageRow[]> {
  const { rows } = await sql.query<UsageRow>(
    `select organization_id, subscription_id, camera_key,
        floor(extract(epoch from "from") * 1000)::float8 as from_ms, floor(extract(epoch from "to") * 1000)::float8 as to_ms
      from camera_usage
      where organization_id = any($1::int[]) and "from" < $3 and ("to" is null or "to" > $2)`,
    [organizationIds, start, end],
  )
  return rows
}

/** The non-void invoices of these payers in the period, with their totals. */
export async function invoiceTotalsOfPayers(sql: Sql, payerIds: number[], period: string) {
  const { rows } = await sql.query<{
    id: number
    organization_id: number
    status: string
    subtotal: string
    total: string
    currency: string
  }>(
    `select id, organization_id, status, subtotal, total, currency from invoices
      where organization_id = any($1::int[]) and period = $2 and status <> 'void'`,
    [payerIds, period],
  )
  return rows
}
