import { ids, type Sql } from '../db'

/**
 * The access rules' SQL: what a subscriber may see, each in one statement (the rules ran one
 * Payload find per level of the organization tree, on every request and for every Local API call).
 */

/**
 * What a subscriber's access rules need of the database, in one round trip: the organizations
 * `userId` administers and all their subsidiaries at any depth (the rule of billing/hierarchy.ts
 * `withSubsidiaries`: administration of a parent reaches every organization below it, whoever
 * pays; `union` drops a row seen before, so a cycle in the parent links ends), and the
 * subscriptions available to any of those or of `memberOf` (the user's memberships; the default
 * subscription is always among the available ones).
 */
export async function administeredTreeAndSubscriptions(
  sql: Sql,
  userId: number,
  memberOf: number[],
): Promise<{ administered: number[]; subscriptions: number[] }> {
  const { rows } = await sql.query<{ administered: number[]; subscriptions: number[] }>({
    name: 'access.administered-tree-and-subscriptions',
    text: `with recursive tree(id) as (
       select id from organizations where administrator_id = $1
       union
       select child.id from organizations child join tree on child.parent_id = tree.id
     )
     select array(select id from tree order by id) as administered,
            array(select distinct subscriptions_id from organizations_rels
                   where parent_id in (select id from tree union select unnest($2::int[]))
                     and path = 'availableSubscriptions' and subscriptions_id is not null
                   order by 1) as subscriptions`,
    values: [userId, memberOf],
  })
  return {
    administered: rows[0]!.administered.map(Number),
    subscriptions: rows[0]!.subscriptions.map(Number),
  }
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
