import type { Access, Where } from 'payload'
import { isStaff } from './roles'
import { visibleOrganizationIds, visibleSubscriptionIds } from './visibleOrganizations'

// An empty `in` list matches nothing; -1 is never an id, which keeps the query valid.
const idsOrNone = (ids: number[]) => (ids.length > 0 ? ids : [-1])

/** Staff read everything; a subscriber reads the organizations it may see. */
export const readOwnOrganizations: Access = async ({ req }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  return { id: { in: idsOrNone(await visibleOrganizationIds(req)) } } satisfies Where
}

/** Staff read everything; a subscriber reads documents whose `organization` it may see. */
export const readByOrganizationField: Access = async ({ req }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  return { organization: { in: idsOrNone(await visibleOrganizationIds(req)) } } satisfies Where
}

/** Staff read everything; a subscriber reads the subscriptions available to its organizations. */
export const readAvailableSubscriptions: Access = async ({ req }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  return { id: { in: idsOrNone(await visibleSubscriptionIds(req)) } } satisfies Where
}

/** Staff read everything; a subscriber reads the services of its available subscriptions. */
export const readServicesOfAvailableSubscriptions: Access = async ({ req }) => {
  if (!req.user) return false
  if (isStaff(req.user)) return true
  const subscriptionIds = await visibleSubscriptionIds(req)
  if (subscriptionIds.length === 0) return { id: { in: [-1] } }
  const subscriptions = await req.payload.find({
    collection: 'subscriptions',
    where: { id: { in: subscriptionIds } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { services: true },
    req,
  })
  const serviceIds = subscriptions.docs.flatMap((doc) =>
    (doc.services ?? []).map((service) => (typeof service === 'object' ? service.id : service)),
  )
  return { id: { in: idsOrNone(serviceIds.map(Number)) } }
}
