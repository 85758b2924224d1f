import type { CollectionBeforeChangeHook } from 'payload'
import { withAdministratorMemberships } from '../../../billing/membership'
import type { User } from '../../../payload-types'

/** Whatever a save sends, an organization's administrator stays its member with every permission. */
export const keepAdministratorMemberships: CollectionBeforeChangeHook<User> = async ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  if (operation !== 'update' || !originalDoc?.id) return data
  const administered = await req.payload.find({
    collection: 'organizations',
    where: { administrator: { equals: originalDoc.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    req,
  })
  if (administered.docs.length === 0) return data
  const current = data.memberships ?? originalDoc.memberships ?? []
  data.memberships = withAdministratorMemberships(
    current,
    administered.docs.map((doc) => Number(doc.id)),
  )
  return data
}
