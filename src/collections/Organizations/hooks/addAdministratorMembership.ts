import type { CollectionAfterChangeHook } from 'payload'
import { relationId } from '../../../fields/relationId'
import type { Organization } from '../../../payload-types'
import { withAdministratorMemberships } from '../../Users/administratorMemberships'

/** The administrator of an organization is always a member of it with every permission. */
export const addAdministratorMembership: CollectionAfterChangeHook<Organization> = async ({
  doc,
  previousDoc,
  req,
}) => {
  const administratorId = relationId(doc.administrator as never)
  if (administratorId === undefined) return doc
  if (administratorId === relationId(previousDoc?.administrator as never)) {
    // unchanged: the users hook keeps the membership whenever the user is saved
    return doc
  }
  const user = await req.payload.findByID({
    collection: 'users',
    id: administratorId,
    depth: 0,
    req,
  })
  const memberships = withAdministratorMemberships(user.memberships ?? [], [Number(doc.id)])
  if (memberships === user.memberships) return doc
  await req.payload.update({ collection: 'users', id: administratorId, data: { memberships }, req })
  return doc
}
