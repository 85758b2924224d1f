import { Forbidden, type CollectionBeforeOperationHook, type CollectionBeforeValidateHook } from 'payload'
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

/**
 * Field access on `role` and `memberships` runs before the collection's beforeValidate hooks and
 * silently drops a forbidden value, so the hook above never sees it. This one runs first, on the
 * data as sent, and refuses the change with a 403 (HTTP callers only: trusted Local API writes
 * with overrideAccess are left to the hook above).
 */
export const guardRoleAndMembershipsBeforeOperation: CollectionBeforeOperationHook<'users'> = async ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (overrideAccess || !req.user || (operation !== 'create' && operation !== 'update')) return args
  const data = (args as { data?: Partial<User> }).data
  if (!data || (data.role === undefined && data.memberships === undefined)) return args
  const id = (args as { id?: number | string }).id
  let originalDoc: User | undefined
  if (operation === 'update') {
    if (id === undefined) {
      // bulk update: no single original to compare with; staff only may send these fields
      if (!isStaff(req.user) || (data.role === 'admin' && !hasRole(req.user, 'admin'))) {
        throw new Forbidden(req.t)
      }
      return args
    }
    originalDoc = (await req.payload
      .findByID({ collection: 'users', id, depth: 0, req, disableErrors: true })
      .catch(() => null)) as User | undefined
    if (!originalDoc) return args // the operation answers 404 / 403 itself
  }
  guardRoleAndMemberships({
    data: { ...data },
    originalDoc,
    req,
    operation,
  } as Parameters<typeof guardRoleAndMemberships>[0])
  return args
}
