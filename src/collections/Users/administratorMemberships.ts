import { relationId } from '../../fields/relationId'
import type { User } from '../../payload-types'

type Membership = NonNullable<User['memberships']>[number]

export const memberPermissions = [
  'canViewStreams',
  'canEditStreams',
  'canEditUsers',
  'canViewStats',
] as const

/**
 * Returns memberships in which each administered organization has a membership with all four
 * permissions; the same array when nothing had to change.
 */
export function withAdministratorMemberships(
  memberships: Membership[],
  administeredOrganizationIds: number[],
): Membership[] {
  let changed = false
  const result = memberships.map((membership) => {
    const organizationId = relationId(membership.organization as never)
    if (organizationId === undefined || !administeredOrganizationIds.includes(organizationId)) {
      return membership
    }
    if (memberPermissions.every((permission) => membership[permission] === true)) return membership
    changed = true
    return { ...membership, ...allPermissions() }
  })
  for (const organizationId of administeredOrganizationIds) {
    if (result.some((membership) => relationId(membership.organization as never) === organizationId)) {
      continue
    }
    changed = true
    result.push({ organization: organizationId, ...allPermissions() })
  }
  return changed ? result : memberships
}

function allPermissions() {
  return { canViewStreams: true, canEditStreams: true, canEditUsers: true, canViewStats: true }
}
