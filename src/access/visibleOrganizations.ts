import type { PayloadRequest } from 'payload'

import { poolOf, withTransaction, type Sql } from '../db'
import { relationId, type RelationValue } from '../fields/relationId'
import { administeredTreeAndSubscriptions, servicesOfSubscriptions } from './store'

interface MemberUser {
  id: number | string
  memberships?: { organization?: RelationValue }[] | null
}

type PerRequest = Map<string, Promise<unknown>>

/**
 * Where a request keeps what the access rules computed: in its `context`, which Payload carries
 * over where it wraps the request (a proxy for the permission checks of a query's `where`) or
 * starts a Local API call on it (a copy of a non-empty context); a request without one keeps it
 * beside the request object.
 */
const CONTEXT_KEY = 'accessRulesPerRequest'
const withoutContext = new WeakMap<PayloadRequest, PerRequest>()

function perRequest(req: PayloadRequest): PerRequest {
  const context = req.context as Record<string, unknown> | undefined
  if (!context) {
    let cache = withoutContext.get(req)
    if (!cache) withoutContext.set(req, (cache = new Map()))
    return cache
  }
  let cache = context[CONTEXT_KEY]
  if (!(cache instanceof Map)) context[CONTEXT_KEY] = cache = new Map()
  return cache as PerRequest
}

/**
 * Computes `compute(req)` once per request and user: every access check, populated relation and
 * hook of one request (or of one portal page, whose Local API calls share a request) asks the same
 * promise. A rejected computation is not kept: the next check asks again.
 */
export function oncePerRequest<T>(
  name: string,
  req: PayloadRequest,
  compute: (req: PayloadRequest) => Promise<T>,
): Promise<T> {
  const cache = perRequest(req)
  const user = req.user as { collection?: string; id?: number | string } | null
  const key = `${name} ${user ? `${user.collection ?? ''}:${String(user.id)}` : '-'}`
  const cached = cache.get(key) as Promise<T> | undefined
  if (cached) return cached
  const computed = compute(req)
  cache.set(key, computed)
  computed.catch(() => cache.delete(key))
  return computed
}

/**
 * Runs a read of the access rules: inside the request's transaction when it has one (it sees what
 * the request wrote), otherwise on the pool (no transaction opened for a read).
 */
async function read<T>(req: PayloadRequest, query: (sql: Sql) => Promise<T>): Promise<T> {
  return (await req.transactionID)
    ? withTransaction(req, ({ sql }) => query(sql))
    : query(poolOf(req.payload))
}

/**
 * The organizations a subscriber may see: those it is a member of, plus every subsidiary (at any
 * depth) of an organization it administers. Computed once per request.
 */
export function visibleOrganizationIds(req: PayloadRequest): Promise<number[]> {
  return oncePerRequest('visible', req, async () => {
    const user = req.user as MemberUser | null
    if (!user) return []
    const visible = new Set<number>(await administeredOrganizationIds(req))
    for (const membership of user.memberships ?? []) {
      const id = relationId(membership.organization)
      if (id !== undefined) visible.add(id)
    }
    return [...visible]
  })
}

/**
 * The organizations the signed-in user administers with all their subsidiaries at any depth, and
 * the subscriptions available to those and to its memberships: one query, once per request (most
 * requests that need the one need the other: a page of invoices populates its lines' subscriptions).
 */
function administeredTree(
  req: PayloadRequest,
): Promise<{ administered: number[]; subscriptions: number[] }> {
  return oncePerRequest('administered tree', req, async () => {
    const user = req.user as MemberUser | null
    const userId = Number(user?.id)
    if (!user || !Number.isSafeInteger(userId)) return { administered: [], subscriptions: [] }
    const memberOf = (user.memberships ?? [])
      .map((membership) => relationId(membership.organization))
      .filter((id): id is number => typeof id === 'number')
    return read(req, (sql) => administeredTreeAndSubscriptions(sql, userId, memberOf))
  })
}

/**
 * The organizations the signed-in user administers, and all their subsidiaries at any depth
 * (administration of a parent extends to its subsidiaries); once per request.
 */
export async function administeredOrganizationIds(req: PayloadRequest): Promise<number[]> {
  return (await administeredTree(req)).administered
}

/** The subscriptions available to the organizations a subscriber may see; once per request. */
export async function visibleSubscriptionIds(req: PayloadRequest): Promise<number[]> {
  return (await administeredTree(req)).subscriptions
}

/** The services of the subscriptions a subscriber may see; once per request. */
export function visibleServiceIds(req: PayloadRequest): Promise<number[]> {
  return oncePerRequest('services', req, async () => {
    const subscriptionIds = await visibleSubscriptionIds(req)
    if (subscriptionIds.length === 0) return []
    return read(req, (sql) => servicesOfSubscriptions(sql, subscriptionIds))
  })
}
