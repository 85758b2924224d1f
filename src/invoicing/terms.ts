import type { Payload } from 'payload'
import type { OrganizationTerms, SubscriptionTerms } from '../billing/invoiceAssembly'
import type { Organization, Subscription } from '../payload-types'

const idOf = (value: number | { id: number } | null | undefined): number | null =>
  value === null || value === undefined ? null : typeof value === 'object' ? value.id : value

export function organizationTerms(organization: Organization): OrganizationTerms {
  return {
    id: organization.id,
    title: organization.title,
    payer: organization.payer,
    parentId: idOf(organization.parent),
    trialEndsAt: organization.trialEndsAt ? new Date(organization.trialEndsAt) : null,
    timeZone: organization.timezone || 'UTC',
    taxRateBp: organization.taxRateBp ?? 0,
    currency: organization.currency,
  }
}

export function subscriptionTerms(subscription: Subscription): SubscriptionTerms {
  return {
    id: subscription.id,
    title: subscription.title,
    currency: subscription.currency,
    // a price date is a calendar day: the API stores '2026-10-15' as 2026-10-15T00:00:00Z and the
    // admin's day picker stores the same day at a time within it, so the UTC date is the day meant
    prices: (subscription.prices ?? []).map((price) => ({ from: price.from.slice(0, 10), amount: price.amount })),
  }
}

/** Every organization and subscription, as the pure invoice assembly wants them. */
export async function loadTerms(payload: Payload) {
  const [organizations, subscriptions] = await Promise.all([
    payload.find({ collection: 'organizations', depth: 0, limit: 0, pagination: false, overrideAccess: true }),
    payload.find({ collection: 'subscriptions', depth: 0, limit: 0, pagination: false, overrideAccess: true }),
  ])
  const rawOrganizations = new Map(organizations.docs.map((doc) => [doc.id, doc]))
  return {
    organizations: new Map(organizations.docs.map((doc) => [doc.id, organizationTerms(doc)])),
    rawOrganizations,
    subscriptions: new Map(subscriptions.docs.map((doc) => [doc.id, subscriptionTerms(doc)])),
  }
}
