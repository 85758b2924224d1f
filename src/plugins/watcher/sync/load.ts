import type { Payload } from 'payload'

/**
 * The current document, or null (the latest state wins: a job never works from a stale copy).
 * Hidden fields stay out; `depth` 1 brings a subscription's services.
 */
async function loadCurrent<Collection extends 'subscriptions' | 'organizations' | 'users'>(
  payload: Payload,
  collection: Collection,
  id: number,
  depth = 0,
) {
  const found = await payload.find({
    collection,
    where: { id: { equals: id } },
    depth,
    limit: 1,
    overrideAccess: true,
    showHiddenFields: false,
  })
  return found.docs[0] ?? null
}

export const loadSubscription = (payload: Payload, id: number) =>
  loadCurrent(payload, 'subscriptions', id, 1)

export const loadOrganization = (payload: Payload, id: number) =>
  loadCurrent(payload, 'organizations', id)

export const loadUser = (payload: Payload, id: number) => loadCurrent(payload, 'users', id)

/** The language of the user's first organization (a user without one of its own speaks it). */
export async function firstOrganizationLocale(
  payload: Payload,
  user: { memberships?: { organization: number | { id: number } }[] | null },
): Promise<string | null> {
  const first = user.memberships?.[0]?.organization
  const id = typeof first === 'object' && first !== null ? first.id : first
  return id ? ((await loadOrganization(payload, id))?.locale ?? null) : null
}
