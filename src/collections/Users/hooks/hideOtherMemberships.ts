import type { CollectionAfterReadHook } from 'payload'
import { isStaff } from '../../../access/roles'
import { visibleOrganizationIds } from '../../../access/visibleOrganizations'
import { relationId } from '../../../fields/relationId'
import type { User } from '../../../payload-types'

/**
 * A member manager reads its members, not their other organizations: memberships in
 * organizations the reader cannot see are left out of what it reads (a later save by the
 * manager keeps them; see guardRoleAndMemberships). Staff and the user itself see them all.
 */
export const hideOtherMemberships: CollectionAfterReadHook<User> = async ({ doc, req }) => {
  if (!req.user || isStaff(req.user) || String(doc?.id) === String(req.user.id)) return doc
  if (!Array.isArray(doc?.memberships)) return doc
  const visible = await visibleOrganizationIds(req)
  return {
    ...doc,
    memberships: doc.memberships.filter((m) => visible.includes(relationId(m.organization) ?? -1)),
  }
}
