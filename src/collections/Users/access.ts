import type { Access, FieldAccess, PayloadRequest, Where } from 'payload'
import { manageableOrganizationIds } from '../../access/manageableOrganizations'
import { hasRole, isStaff } from '../../access/roles'
import { relationId } from '../../fields/relationId'
import { findAll } from '../../access/findAll'

const self = (id: number | string): Where => ({ id: { equals: id } })

/** Subscriber users with a membership in one of `organizationIds` (never staff). */
const membersOf = (organizationIds: number[]): Where => ({
  and: [
    { role: { equals: 'subscriber' } },
    { 'memberships.organization': { in: organizationIds } },
  ],
})

/**
 * Staff read every user. A subscriber reads itself and, where it manages users (canEditUsers, or
 * the administration of a parent), the subscribers who are members there. Reading itself by id
 * (GET /api/users/me, /api/users/<own id>) needs only the first: no query for what it manages.
 */
export const readUsers: Access = async ({ req, id }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  if (id !== undefined && String(id) === String(req.user.id)) return self(req.user.id)
  const managed = await manageableOrganizationIds(req)
  return managed.length > 0 ? { or: [self(req.user.id), membersOf(managed)] } : self(req.user.id)
}

/**
 * Only a subscriber that manages users somewhere may create one; what it may create (a subscriber
 * whose memberships are all in organizations it manages) is checked by the write guard.
 */
export const createUsers: Access = async ({ req }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  return (await manageableOrganizationIds(req)).length > 0
}

/**
 * The admin edits anyone; the accountant non-admins and itself; a subscriber itself and the
 * members of the organizations it manages (their memberships there only: see the write guard).
 */
export const updateUsers: Access = async ({ req }) => {
  if (!req.user) return false
  if (hasRole(req.user, 'admin')) return true
  if (hasRole(req.user, 'accountant')) {
    return { or: [{ role: { not_equals: 'admin' } }, self(req.user.id)] }
  }
  const managed = await manageableOrganizationIds(req)
  return managed.length > 0 ? { or: [self(req.user.id), membersOf(managed)] } : self(req.user.id)
}

/**
 * The admin deletes anyone; the accountant non-admin users. A subscriber deletes a member whose
 * every membership is in organizations it manages (removing it from the last one), never itself
 * and never an organization's administrator.
 */
export const deleteUsers: Access = async ({ req }): Promise<boolean | Where> => {
  if (hasRole(req.user, 'admin')) return true
  if (hasRole(req.user, 'accountant')) return { role: { not_equals: 'admin' } }
  if (!req.user) return false
  const ids = await deletableMemberIds(req)
  if (ids.length === 0) return false
  return { id: { in: ids } } satisfies Where
}

async function deletableMemberIds(req: PayloadRequest): Promise<number[]> {
  const managed = await manageableOrganizationIds(req)
  if (managed.length === 0) return []
  // the database adapter directly: no read hooks (they hide memberships in other organizations)
  const candidates = await req.payload.db.find<{
    id: number
    memberships?: { organization?: unknown }[] | null
  }>({
    collection: 'users',
    where: { and: [membersOf(managed), { id: { not_equals: req.user!.id } }] },
    limit: 0,
    pagination: false,
    req,
  })
  const ids = candidates.docs
    .filter((doc) =>
      (doc.memberships ?? []).every((m) => managed.includes(relationId(m.organization) ?? -1)),
    )
    .map((doc) => Number(doc.id))
  if (ids.length === 0) return []
  const administrators = await findAll(req, 'organizations', {
    where: { administrator: { in: ids } },
    select: { administrator: true },
    overrideAccess: true,
  })
  const administering = new Set(administrators.map((doc) => relationId(doc.administrator)))
  return ids.filter((id) => !administering.has(id))
}

/** Field-level: staff, or a subscriber that manages users somewhere (the write guard scopes it). */
export const membershipsFieldAccess: FieldAccess = async ({ req }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  return (await manageableOrganizationIds(req)).length > 0
}
