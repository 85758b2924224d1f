import type { CollectionBeforeChangeHook } from 'payload'
import { withAdministratorMemberships } from '../../../billing/membership'
import type { User } from '../../../payload-types'
import { findAll } from '../../../access/findAll'

/** Whatever a save sends, an organization's administrator stays its member with every permission. */
export const keepAdministratorMemberships: CollectionBeforeChangeHook<User> = async ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  if (operation !== 'update' || !originalDoc?.id) return data
  const administered = await findAll(req, 'organizations', {
    where: { administrator: { equals: originalDoc.id } },
    select: {},
  })
  if (administered.length === 0) return data
  const current = data.memberships ?? originalDoc.memberships ?? []
  data.memberships = withAdministratorMemberships(
    current,
    administered.map((doc) => Number(doc.id)),
  )
  return data
}
