import type { PayloadRequest } from 'payload'
import { isStaff } from './roles'
import { relationId } from '../fields/relationId'
import { administeredOrganizationIds, oncePerRequest } from './visibleOrganizations'

interface MemberUser {
  id: number | string
  role?: string | null
  memberships?: { organization?: unknown; canEditUsers?: boolean | null }[] | null
}

/**
 * The organizations whose members a subscriber manages: those where its membership has
 * `canEditUsers`, plus every organization it administers and their subsidiaries at any depth
 * (administration of a parent extends to its subsidiaries, as for visibility). Staff manage
 * users through the admin and are not scoped here (empty list). Computed once per request.
 */
export function manageableOrganizationIds(req: PayloadRequest): Promise<number[]> {
  return oncePerRequest('manageable', req, compute)
}

async function compute(req: PayloadRequest): Promise<number[]> {
  const user = req.user as MemberUser | null
  if (!user || isStaff(user)) return []
  const managed = new Set<number>(await administeredOrganizationIds(req))
  for (const membership of user.memberships ?? []) {
    const id = relationId(membership.organization)
    if (id !== undefined && membership.canEditUsers === true) managed.add(id)
  }
  return [...managed]
}
