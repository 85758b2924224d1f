import { ids, type Sql } from '../db'

/**
 * The access rules' SQL: what a subscriber may see, each in one statement (the rules ran one
 * Payload find per level of the organization tree, on every request and for every Local API call).
 */

/**
 * The organizations `userId` administers and all their subsidiaries at any depth (the rule of
 * billing/hierarchy.ts `withSubsidiaries`: administration of a parent reaches every organization
 * below it, whoever pays). `union` drops a row seen before, so a cycle in the parent links ends.
 */
export async function administeredOrganizationsWithSubsidiaries(
  sql: Sql,
  userId: number,
): Promise<number[]> {
  return ids(
    sql,
    `with recursive tree(id) as (
       select id from organizations where administrator_id = $1
       union
       select child.id from organizations child join tree on child.parent_id = tree.id
     )
     select id from tree order by id`,
    [userId],
  )
}

/** The subscriptions available to any of `organizationIds` (the default is among them). */
export async function subscriptionsAvailableTo(
  sql: Sql,
  organizationIds: number[],
): Promise<number[]> {
  return ids(
    sql,
    `select distinct subscriptions_id as id from organizations_rels
      where parent_id = any($1::int[]) and path = 'availableSubscriptions' and subscriptions_id is not null
      order by 1`,
    [organizationIds],
  )
}

/** The services of any of `subscriptionIds`. */
export async function servicesOfSubscriptions(
  sql: Sql,
  subscriptionIds: number[],
): Promise<number[]> {
  return ids(
    sql,
    `select distinct services_id as id from subscriptions_rels
      where parent_id = any($1::int[]) and path = 'services' and services_id is not null
      order by 1`,
    [subscriptionIds],
  )
}
