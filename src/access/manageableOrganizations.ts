import type { PayloadRequest } from 'payload'
import { isStaff } from './roles'
import { relationId } from './visibleOrganizations'

interface MemberUser {
  id: number | string
  role?: string | null
  memberships?: { organization?: unknown; canEditUsers?: boolean | null }[] | null
}

const cache = new WeakMap<PayloadRequest, Promise<number[]>>()

/**
 * The organizations whose members a subscriber manages: those where its membership has
 * `canEditUsers`, plus every organization it administers and their subsidiaries at any depth
 * (administration of a parent extends to its subsidiaries, as for visibility). Staff manage
 * users through the admin and are not scoped here (empty list). Computed once per request.
 */
export function manageableOrganizationIds(req: PayloadRequest): Promise<number[]> {
  const cached = cache.get(req)
  if (cached) return cached
  const computed = compute(req)
  cache.set(req, computed)
  return computed
}

async function compute(req: PayloadRequest): Promise<number[]> {
  const user = req.user as MemberUser | null
  if (!user || isStaff(user)) return []
  const managed = new Set<number>()
  for (const membership of user.memberships ?? []) {
    const id = relationId(membership.organization as never)
    if (id !== undefined && membership.canEditUsers === true) managed.add(id)
  }
  const administered = await req.payload.find({
    collection: 'organizations',
    where: { administrator: { equals: user.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    overrideAccess: true,
    req,
  })
  let frontier = administered.docs.map((doc) => Number(doc.id))
  const walked = new Set<number>(frontier)
  frontier.forEach((id) => managed.add(id))
  while (frontier.length > 0) {
    const children = await req.payload.find({
      collection: 'organizations',
      where: { parent: { in: frontier } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: {},
      overrideAccess: true,
      req,
    })
    frontier = children.docs.map((doc) => Number(doc.id)).filter((id) => !walked.has(id))
    frontier.forEach((id) => {
      walked.add(id)
      managed.add(id)
    })
  }
  return [...managed]
}
