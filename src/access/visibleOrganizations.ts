import type { PayloadRequest } from 'payload'

import { withSubsidiaries, type HierarchyNode } from '../billing/hierarchy'
import { relationId, type RelationValue } from '../fields/relationId'
import { findAll } from './findAll'

interface MemberUser {
  id: number | string
  memberships?: { organization?: RelationValue }[] | null
}

const visibleCache = new WeakMap<PayloadRequest, Promise<number[]>>()
const administeredCache = new WeakMap<PayloadRequest, Promise<number[]>>()

/** Computes `compute(req)` once per request. */
export function oncePerRequest(
  cache: WeakMap<PayloadRequest, Promise<number[]>>,
  req: PayloadRequest,
  compute: (req: PayloadRequest) => Promise<number[]>,
) {
  const cached = cache.get(req)
  if (cached) return cached
  const computed = compute(req)
  cache.set(req, computed)
  return computed
}

/**
 * The organizations a subscriber may see: those it is a member of, plus every subsidiary (at any
 * depth) of an organization it administers. Computed once per request.
 */
export function visibleOrganizationIds(req: PayloadRequest): Promise<number[]> {
  return oncePerRequest(visibleCache, req, async () => {
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
 * The organizations the signed-in user administers, and all their subsidiaries at any depth
 * (administration of a parent extends to its subsidiaries). Computed once per request.
 */
export function administeredOrganizationIds(req: PayloadRequest): Promise<number[]> {
  return oncePerRequest(administeredCache, req, async () => {
    const user = req.user as MemberUser | null
    if (!user) return []
    const administered = await findAll(req, 'organizations', {
      where: { administrator: { equals: user.id } },
      select: {},
      overrideAccess: true,
    })
    const roots = administered.map((doc) => Number(doc.id))
    // load the tree below them level by level; which organizations it reaches is hierarchy.ts's rule
    const nodes: HierarchyNode[] = []
    const loaded = new Set<number>(roots)
    let frontier = roots
    while (frontier.length > 0) {
      const children = await findAll(req, 'organizations', {
        where: { parent: { in: frontier } },
        select: { parent: true, payer: true },
        overrideAccess: true,
      })
      frontier = []
      for (const doc of children) {
        nodes.push({ id: Number(doc.id), parent: relationId(doc.parent) ?? null, payer: doc.payer })
        if (loaded.has(Number(doc.id))) continue
        loaded.add(Number(doc.id))
        frontier.push(Number(doc.id))
      }
    }
    return withSubsidiaries(roots, nodes)
  })
}

/** The subscriptions available to the organizations a subscriber may see. */
export async function visibleSubscriptionIds(req: PayloadRequest): Promise<number[]> {
  const organizationIds = await visibleOrganizationIds(req)
  if (organizationIds.length === 0) return []
  // the default subscription is always among the available ones
  const organizations = await findAll(req, 'organizations', {
    where: { id: { in: organizationIds } },
    select: { availableSubscriptions: true },
  })
  const ids = new Set<number>()
  for (const organization of organizations) {
    for (const subscription of organization.availableSubscriptions ?? []) {
      const id = relationId(subscription)
      if (id !== undefined) ids.add(id)
    }
  }
  return [...ids]
}
