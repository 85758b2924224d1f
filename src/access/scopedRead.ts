import type { Access, PayloadRequest, Where } from 'payload'
import { isStaff } from './roles'
import {
  visibleOrganizationIds,
  visibleServiceIds,
  visibleSubscriptionIds,
} from './visibleOrganizations'

// An empty `in` list matches nothing; -1 is never an id, which keeps the query valid.
const idsOrNone = (ids: number[]) => (ids.length > 0 ? ids : [-1])

/** Staff read everything; a signed-in subscriber reads what `scope` allows it; nobody else reads. */
function staffOrScoped(scope: (req: PayloadRequest) => Promise<Where>): Access {
  return async ({ req }) => {
    if (!req.user) return false
    if (isStaff(req.user)) return true
    return scope(req)
  }
}

/** A subscriber reads the organizations it may see. */
export const readOwnOrganizations = staffOrScoped(async (req) => ({
  id: { in: idsOrNone(await visibleOrganizationIds(req)) },
}))

/**
 * `organization` is one of `ids`, written as equalities: Payload's Postgres adapter sends every
 * id of an `in` on a relationship twice (as a number and as a string), so PostgreSQL expects twice
 * the rows; for a subscriber's invoices it then preferred walking the whole table backwards by
 * creation date to find the newest 10 (7 500 rows read for 10 in the API benchmark's book) over
 * reading its organizations' invoices and sorting them. Long lists stay an `in`.
 */
function organizationIn(ids: number[]): Where {
  if (ids.length === 0) return { organization: { in: [-1] } }
  if (ids.length > 32) return { organization: { in: ids } }
  return { or: ids.map((id) => ({ organization: { equals: id } })) }
}

/** A subscriber reads documents whose `organization` it may see. */
export const readByOrganizationField = staffOrScoped(async (req) =>
  organizationIn(await visibleOrganizationIds(req)),
)

/** A subscriber reads the subscriptions available to its organizations. */
export const readAvailableSubscriptions = staffOrScoped(async (req) => ({
  id: { in: idsOrNone(await visibleSubscriptionIds(req)) },
}))

/** A subscriber reads the services of its available subscriptions. */
export const readServicesOfAvailableSubscriptions = staffOrScoped(async (req) => ({
  id: { in: idsOrNone(await visibleServiceIds(req)) },
}))
