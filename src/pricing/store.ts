/**
 * The pricing domain's SQL: read-only. The simulation reads the catalogue once, then payers a page
 * at a time (keyset by id) with their members (the month close's own queries, from invoicing),
 * their usage of the month and their invoices of it; never a query per organization.
 */
import type { Sql } from '../db'

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
