import type { Payload, Where } from 'payload'
import { billingPeriod, periodOf } from '../billing/period'
import { now as clockNow } from '../clock'
import type { Invoice, Organization, Subscription, User } from '../payload-types'
import { readAs } from './reader'
import type { UsageInterval } from '../billing/invoiceAssembly'

// Every read goes through the collections' access rules as the signed-in user (readAs).

type Relation = number | { id: number } | null | undefined
export const idOf = (value: Relation): number | undefined =>
  value === null || value === undefined ? undefined : typeof value === 'object' ? value.id : value

export const isId = (value: string): boolean => /^\d{1,15}$/.test(value)

/** What the portal shows of an organization in its lists and on its dashboard. */
export type PortalOrganization = Pick<
  Organization,
  | 'id'
  | 'title'
  | 'parent'
  | 'payer'
  | 'status'
  | 'timezone'
  | 'trialEndsAt'
  | 'availableSubscriptions'
  | 'locale'
>

/**
 * The organizations the user may read, with what the portal shows of them (not the virtual ledger
 * balance, a ledger sum per page of organizations that no portal page shows).
 */
export async function readableOrganizations(
  payload: Payload,
  user: User,
): Promise<PortalOrganization[]> {
  const result = await payload.find({
    collection: 'organizations',
    ...readAs(user),
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'title',
    select: {
      title: true,
      parent: true,
      payer: true,
      status: true,
      timezone: true,
      trialEndsAt: true,
      availableSubscriptions: true,
      locale: true,
    },
  })
  return result.docs
}

/** The document a URL names, when the user may read it; null for a malformed or unknown id. */
async function readableById<Slug extends 'organizations' | 'invoices'>(
  payload: Payload,
  user: User,
  collection: Slug,
  id: string,
) {
  if (!isId(id)) return null
  try {
    return await payload.findByID({
      collection,
      id: Number(id),
      ...readAs(user),
      depth: 0,
      disableErrors: true,
    })
  } catch {
    return null
  }
}

export const readableOrganization = (payload: Payload, user: User, id: string) =>
  readableById(payload, user, 'organizations', id) as Promise<Organization | null>

export const readableInvoice = (payload: Payload, user: User, id: string) =>
  readableById(payload, user, 'invoices', id) as Promise<Invoice | null>

export async function readableInvoices(
  payload: Payload,
  user: User,
  options: { organization?: number; limit: number; page?: number; count?: boolean },
) {
  const where: Where = options.organization
    ? { organization: { equals: options.organization } }
    : {}
  return payload.find({
    collection: 'invoices',
    ...readAs(user),
    where,
    depth: 0,
    limit: options.limit,
    page: options.page ?? 1,
    // without the count query when the caller shows no pages (totalDocs is then the page's own)
    pagination: options.count ?? true,
    sort: ['-period', '-createdAt'],
    select: {
      organization: true,
      period: true,
      status: true,
      number: true,
      total: true,
      currency: true,
      dueAt: true,
      issuedAt: true,
    },
  })
}

/** The monthly price per camera in force at `at`: the latest entry that has begun. */
export function priceAt(subscription: Subscription, at: Date): number | undefined {
  const entries = [...(subscription.prices ?? [])]
    .filter((entry) => new Date(entry.from).getTime() <= at.getTime())
    .sort((a, b) => new Date(a.from).getTime() - new Date(b.from).getTime())
  return entries.at(-1)?.amount
}

export interface SubscriptionRow {
  subscription:
    | Subscription
    | { id: number; title: string; currency?: undefined; prices?: undefined; status?: undefined }
  available: boolean
  camerasNow: number
  cameraDays: number
  price?: number
}

export interface Dashboard {
  period: string
  timeZone: string
  periodStart: Date
  now: Date
  camerasNow: number
  cameraDays: number
  rows: SubscriptionRow[]
}

function safePeriod(now: Date, timeZone: string) {
  try {
    return billingPeriod(periodOf(now, timeZone), timeZone)
  } catch {
    return billingPeriod(periodOf(now, 'UTC'), 'UTC')
  }
}

/**
 * Cameras now (open usage intervals) and camera-days so far this month (the overlap of each
 * interval with the organization's current month, up to now), per subscription.
 */
/**
 * Camera usage read as the signed-in user for a month so far: every interval of `organizationIds`
 * that began before `now` and was still open after `since` (organizationCostSoFar reads it; the
 * dashboard takes its own organization's from it instead of reading the same rows again).
 */
export interface MonthUsage {
  organizationIds: number[]
  since: Date
  now: Date
  intervals: UsageInterval[]
}

/** The month a dashboard shows: the organization's current month, in its billing timezone. */
export function dashboardPeriod(organization: Pick<Organization, 'timezone'>, now: Date) {
  return safePeriod(now, organization.timezone || 'UTC')
}

/**
 * The intervals of `organization` in its month so far: taken from `read` (what the cost estimate
 * read as the same user, at the same `now`) when that covers it, read here otherwise.
 */
async function monthIntervals(
  payload: Payload,
  user: User,
  organization: Pick<Organization, 'id'>,
  periodStart: Date,
  now: Date,
  read: MonthUsage | undefined,
): Promise<{ subscriptionId: number | undefined; from: Date; to: Date | null }[]> {
  if (read && read.since <= periodStart && read.organizationIds.includes(organization.id))
    return read.intervals
      .filter(
        (interval) =>
          interval.organizationId === organization.id &&
          (interval.to === null || interval.to > periodStart),
      )
      .map(({ subscriptionId, from, to }) => ({ subscriptionId, from, to }))
  const usage = await payload.find({
    collection: 'camera-usage',
    ...readAs(user),
    where: {
      and: [
        { organization: { equals: organization.id } },
        { from: { less_than: now.toISOString() } },
        { or: [{ to: { exists: false } }, { to: { greater_than: periodStart.toISOString() } }] },
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { subscription: true, from: true, to: true },
  })
  return usage.docs.map((doc) => ({
    subscriptionId: idOf(doc.subscription as Relation),
    from: new Date(doc.from),
    to: doc.to ? new Date(doc.to) : null,
  }))
}

export async function organizationDashboard(
  payload: Payload,
  user: User,
  organization: Pick<Organization, 'id' | 'timezone' | 'availableSubscriptions'>,
  /** What the cost estimate read (organizationCostSoFar's `usage`), at its `now`. */
  read?: MonthUsage,
): Promise<Dashboard> {
  const now = read?.now ?? clockNow()
  const period = dashboardPeriod(organization, now)
  const intervals = await monthIntervals(payload, user, organization, period.start, now, read)

  const perSubscription = new Map<number, { camerasNow: number; seconds: number }>()
  for (const interval of intervals) {
    const { subscriptionId } = interval
    if (subscriptionId === undefined) continue
    const entry = perSubscription.get(subscriptionId) ?? { camerasNow: 0, seconds: 0 }
    if (!interval.to) entry.camerasNow += 1
    const from = Math.max(interval.from.getTime(), period.start.getTime())
    const to = Math.min(interval.to ? interval.to.getTime() : now.getTime(), now.getTime())
    if (to > from) entry.seconds += (to - from) / 1000
    perSubscription.set(subscriptionId, entry)
  }

  const available = new Set(
    (organization.availableSubscriptions ?? [])
      .map((s) => idOf(s as Relation))
      .filter((id): id is number => id !== undefined),
  )
  const ids = [...new Set([...available, ...perSubscription.keys()])]
  const subscriptions =
    ids.length === 0
      ? []
      : (
          await payload.find({
            collection: 'subscriptions',
            ...readAs(user),
            where: { id: { in: ids } },
            depth: 0,
            limit: 0,
            pagination: false,
            sort: 'title',
            select: { title: true, prices: true, currency: true, status: true },
          })
        ).docs
  const byId = new Map(
    subscriptions.map((subscription) => [subscription.id, subscription as Subscription]),
  )

  const rows: SubscriptionRow[] = ids.map((id) => {
    const subscription = byId.get(id) ?? { id, title: `Subscription #${id}` }
    const usageEntry = perSubscription.get(id) ?? { camerasNow: 0, seconds: 0 }
    return {
      subscription,
      available: available.has(id),
      camerasNow: usageEntry.camerasNow,
      cameraDays: Math.round((usageEntry.seconds / 86400) * 100) / 100,
      price:
        'prices' in subscription && subscription.prices
          ? priceAt(subscription as Subscription, now)
          : undefined,
    }
  })
  rows.sort((a, b) => a.subscription.title.localeCompare(b.subscription.title))

  const totalSeconds = [...perSubscription.values()].reduce((sum, entry) => sum + entry.seconds, 0)
  return {
    period: period.key,
    timeZone: period.timeZone,
    periodStart: period.start,
    now,
    camerasNow: rows.reduce((sum, row) => sum + row.camerasNow, 0),
    cameraDays: Math.round((totalSeconds / 86400) * 100) / 100,
    rows,
  }
}
