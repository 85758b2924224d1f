import { Forbidden, type CollectionBeforeValidateHook } from 'payload'
import { hasRole, isStaff } from '../../../access/roles'
import { relationId } from '../../../access/visibleOrganizations'
import type { User } from '../../../payload-types'
import { memberPermissions } from '../administratorMemberships'

function membershipKey(memberships: unknown): string {
  if (!Array.isArray(memberships)) return '[]'
  return JSON.stringify(
    memberships
      .map((membership) => [
        relationId(membership?.organization),
        ...memberPermissions.map((permission) => membership?.[permission] === true),
      ])
      .sort((a, b) => Number(a[0]) - Number(b[0])),
  )
}

/**
 * Field access would silently drop a forbidden role or membership change; an explicit 403 tells
 * the caller instead. Subscribers change neither; only the admin grants or takes the admin role.
 * Writes made by billing itself (no user on the request) are trusted.
 */
export const guardRoleAndMemberships: CollectionBeforeValidateHook<User> = ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  if (!data || !req.user) return data
  const roleChanged = data.role !== undefined && data.role !== (originalDoc?.role ?? undefined)
  const membershipsChanged =
    data.memberships !== undefined &&
    membershipKey(data.memberships) !== membershipKey(originalDoc?.memberships ?? [])

  if (!isStaff(req.user)) {
    if (operation === 'update' && roleChanged) {
      throw new Forbidden(req.t)
    }
    if (operation === 'update' && membershipsChanged) throw new Forbidden(req.t)
    return data
  }
  if (!hasRole(req.user, 'admin')) {
    const grantsAdmin = data.role === 'admin' && roleChanged
    const touchesAdmin = operation === 'update' && originalDoc?.role === 'admin' && roleChanged
    if (grantsAdmin || touchesAdmin) throw new Forbidden(req.t)
  }
  return data
}
