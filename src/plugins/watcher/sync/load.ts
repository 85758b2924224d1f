import type { Payload } from 'payload'
import type { Organization, Subscription, User } from '../../../payload-types'

/** The current documents (the latest state wins: a job never works from a stale copy). */
export async function loadSubscription(payload: Payload, id: number): Promise<Subscription | null> {
  const found = await payload.find({
    collection: 'subscriptions',
    where: { id: { equals: id } },
    depth: 1,
    limit: 1,
    overrideAccess: true,
  })
  return found.docs[0] ?? null
}

export async function loadOrganization(payload: Payload, id: number): Promise<Organization | null> {
  const found = await payload.find({
    collection: 'organizations',
    where: { id: { equals: id } },
    depth: 0,
    limit: 1,
    overrideAccess: true,
  })
  return found.docs[0] ?? null
}

export async function loadUser(payload: Payload, id: number): Promise<User | null> {
  const found = await payload.find({
    collection: 'users',
    where: { id: { equals: id } },
    depth: 0,
    limit: 1,
    overrideAccess: true,
    showHiddenFields: false,
  })
  return found.docs[0] ?? null
}
