import type { Sql } from '../db'

/** The portal's SQL: the terms its cost estimate needs, read for one organization's invoice only. */

export interface OrganizationTermRow {
  id: number
  title: string
  payer: 'self' | 'parent'
  parent_id: number | null
  trial_ends_at: Date | null
  timezone: string
  tax_rate_bp: string | null
  currency: string
}

/**
 * The terms of every organization in the tree of `organizationId`: its ancestors and everything
 * below them. Its payer and every organization billed on the same invoice are in that tree (the
 * payer is reached through parent links, the invoice's members are the payer's subsidiaries), so
 * the invoice assembly decides on these rows as on the whole book. `union` ends a parent cycle.
 */
export async function invoiceTreeTermRows(
  sql: Sql,
  organizationId: number,
): Promise<OrganizationTermRow[]> {
  const { rows } = await sql.query<OrganizationTermRow>(
    `with recursive up(id) as (
       select id from organizations where id = $1
       union
       select organization.parent_id from organizations organization join up on organization.id = up.id
        where organization.parent_id is not null
     ), tree(id) as (
       select id from up
       union
       select child.id from organizations child join tree on child.parent_id = tree.id
     )
     select id, title, payer, parent_id, trial_ends_at, timezone, tax_rate_bp, currency
       from organizations where id in (select id from tree)`,
    [organizationId],
  )
  return rows
}

/**
 * Every subscription (the catalogue: a handful of rows) with its price list in list order; a
 * price's date is the UTC day it is stored in, as the month close reads it.
 */
export async function subscriptionTermRows(sql: Sql) {
  const { rows } = await sql.query<{
    id: number
    title: string
    currency: string
    prices: { from: string; amount: string | number }[]
  }>(
    `select subscription.id, subscription.title, subscription.currency,
            coalesce(json_agg(json_build_object(
                'from', to_char(price."from" at time zone 'UTC', 'YYYY-MM-DD'), 'amount', price.amount)
              order by price._order) filter (where price._parent_id is not null), '[]') as prices
       from subscriptions subscription
       left join subscriptions_prices price on price._parent_id = subscription.id
      group by subscription.id`,
  )
  return rows
}
