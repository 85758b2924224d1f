import type { CollectionAfterChangeHook } from 'payload'
import { withAdministratorMemberships } from '../../../billing/membership'
import { relationId } from '../../../fields/relationId'
import type { Organization } from '../../../payload-types'

/** The administrator of an organization is always a member of it with every permission. */
export const addAdministratorMembership: CollectionAfterChangeHook<Organization> = async ({
  doc,
  previousDoc,
  req,
}) => {
  const administratorId = relationId(doc.administrator)
  if (administratorId === undefined) return doc
  if (administratorId === relationId(previousDoc?.administrator)) {
    // unchanged: the users hook keeps the membership whenever the user is saved
    return doc
  }
  const user = await req.payload.findByID({
    collection: 'users',
    id: administratorId,
    depth: 0,
    req,
  })
  const current = user.memberships ?? []
  const memberships = withAdministratorMemberships(current, [Number(doc.id)])
  if (memberships === current) return doc
  await req.payload.update({ collection: 'users', id: administratorId, data: { memberships }, req })
  return doc
}
