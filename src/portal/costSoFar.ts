/**
 * "Cost so far this month": the invoice the month close would build if the month ended now.
 * The arithmetic is the invoice's own (src/billing/invoiceAssembly.ts) on the terms the month
 * close loads (src/invoicing/terms.ts, read here for the organization's own tree only); only the
 * usage is cut at now.
 */
import type { Payload } from 'payload'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  payerOf,
  type OrganizationTerms,
  type SubscriptionTerms,
  type UsageInterval,
} from '../billing/invoiceAssembly'
import { billingPeriod, periodOf } from '../billing/period'
import { now as clockNow } from '../clock'
import { loadTreeTerms } from '../invoicing'
import type { Organization, User } from '../payload-types'
import { idOf, type MonthUsage } from './data'
import { readAs } from './reader'

export interface CostSoFar {
  /** 'YYYY-MM' in the payer's billing timezone. */
  period: string
  currency: string
  /**
   * 'invoice': the organization pays for itself; the figures are its invoice so far (with the
   * subsidiaries billed to it). 'share': it is billed on a parent's invoice; the figures are its
   * lines there (and those of its own subsidiaries billed the same way), before tax.
   */
  basis: 'invoice' | 'share'
  payerId: number
  subtotal: number
  tax: number
  total: number
  /** Camera-seconds counted, all lines. */
  cameraSeconds: number
  asOf: Date
}

/** The payer of `organizationId` and every organization on the same invoice. */
export function billedTogether(
  organizationId: number,
  organizations: Map<number, OrganizationTerms>,
): { payerId: number; memberIds: number[] } {
  const organization = organizations.get(organizationId)
  if (!organization) throw new InvoiceAssemblyError(`organization ${organizationId} has no terms`)
  const payerId = payerOf(organization, organizations)
  const memberIds: number[] = []
  for (const candidate of organizations.values()) {
    try {
      if (payerOf(candidate, organizations) === payerId) memberIds.push(candidate.id)
    } catch {
      // a broken payer chain elsewhere: that organization is not on this invoice
    }
  }
  return { payerId, memberIds }
}

/** `organizationId` and its subsidiaries at any depth among `memberIds`. */
function withSubsidiaries(
  organizationId: number,
  memberIds: number[],
  organizations: Map<number, OrganizationTerms>,
): Set<number> {
  const result = new Set([organizationId])
  let grew = true
  while (grew) {
    grew = false
    for (const id of memberIds) {
      const parentId = organizations.get(id)?.parentId
      if (!result.has(id) && parentId !== null && parentId !== undefined && result.has(parentId)) {
        result.add(id)
        grew = true
      }
    }
  }
  return result
}

/** Pure: the estimate for `organizationId` at `now` from the terms and the usage given. */
export function estimateCostSoFar(input: {
  organizationId: number
  now: Date
  organizations: Map<number, OrganizationTerms>
  subscriptions: Map<number, SubscriptionTerms>
  intervals: UsageInterval[]
}): CostSoFar {
  const { organizationId, now, organizations, subscriptions } = input
  const { payerId, memberIds } = billedTogether(organizationId, organizations)
  const payer = organizations.get(payerId)!
  const period = periodOf(now, payer.timeZone)
  const at = now.getTime()
  // usage up to now: open intervals end now, nothing after now counts
  const intervals = input.intervals
    .filter((interval) => interval.from.getTime() < at)
    .map((interval) =>
      interval.to === null || interval.to.getTime() > at
        ? { ...interval, to: new Date(at) }
        : interval,
    )
  const draft = assembleInvoice({
    periodKey: period,
    payer,
    members: memberIds.map((id) => organizations.get(id)!),
    subscriptions,
    intervals,
  })
  const cameraSeconds = (lines: typeof draft.lines) =>
    lines.reduce((sum, line) => sum + line.cameraSeconds, 0)
  if (payerId === organizationId) {
    return {
      period,
      currency: draft.currency,
      basis: 'invoice',
      payerId,
      subtotal: draft.subtotal,
      tax: draft.tax,
      total: draft.total,
      cameraSeconds: cameraSeconds(draft.lines),
      asOf: now,
    }
  }
  const own = withSubsidiaries(organizationId, memberIds, organizations)
  const lines = draft.lines.filter((line) => own.has(line.organizationId))
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0)
  return {
    period,
    currency: draft.currency,
    basis: 'share',
    payerId,
    subtotal,
    tax: 0,
    total: subtotal,
    cameraSeconds: cameraSeconds(lines),
    asOf: now,
  }
}

export type CostSoFarResult = (
  { estimate: CostSoFar; hiddenOrganizations: number } | { estimate: null; problem: string }
) & {
  /** What was read, when the usage was read (not when the terms were broken). */
  usage?: MonthUsage
}

export interface CostSoFarOptions {
  /** The ids of the organizations the user may read, when the page has them: not read again. */
  readable?: number[]
  /** Read the usage from this time on too (the dashboard's own month), not only the payer's. */
  alsoSince?: Date
}

/**
 * The estimate for the dashboard. The usage is read as the signed-in user (overrideAccess:
 * false): organizations on the same invoice that the user cannot see are left out and counted
 * in `hiddenOrganizations`. The terms (prices, tax rate, timezone) are what the month close uses.
 */
export async function organizationCostSoFar(
  payload: Payload,
  user: User,
  organization: Pick<Organization, 'id'>,
  now: Date = clockNow(),
  options: CostSoFarOptions = {},
): Promise<CostSoFarResult> {
  try {
    const { organizations, subscriptions } = await loadTreeTerms(payload, organization.id)
    const { payerId, memberIds } = billedTogether(organization.id, organizations)
    const payer = organizations.get(payerId)!
    const period = billingPeriod(periodOf(now, payer.timeZone), payer.timeZone)
    const relevant =
      payerId === organization.id
        ? memberIds
        : [...withSubsidiaries(organization.id, memberIds, organizations)]
    const since =
      options.alsoSince && options.alsoSince < period.start ? options.alsoSince : period.start
    const usage = await payload.find({
      collection: 'camera-usage',
      ...readAs(user),
      where: {
        and: [
          { organization: { in: relevant } },
          { from: { less_than: now.toISOString() } },
          { or: [{ to: { exists: false } }, { to: { greater_than: since.toISOString() } }] },
        ],
      },
      depth: 0,
      limit: 0,
      pagination: false,
      select: { organization: true, subscription: true, from: true, to: true },
    })
    const intervals: UsageInterval[] = usage.docs.map((doc, index) => ({
      organizationId: idOf(doc.organization)!,
      subscriptionId: idOf(doc.subscription)!,
      cameraKey: `#${index + 1}`, // only for error messages; the key itself is not readable here
      from: new Date(doc.from),
      to: doc.to ? new Date(doc.to) : null,
    }))
    const read: MonthUsage = { organizationIds: relevant, since, now, intervals }
    const readableIds =
      options.readable ??
      (
        await payload.find({
          collection: 'organizations',
          ...readAs(user),
          where: { id: { in: relevant } },
          depth: 0,
          limit: 0,
          pagination: false,
          select: {},
        })
      ).docs.map((doc) => doc.id)
    const readable = new Set(readableIds)
    const hiddenOrganizations = relevant.filter((id) => !readable.has(id)).length
    try {
      const estimate = estimateCostSoFar({
        organizationId: organization.id,
        now,
        organizations,
        subscriptions,
        // the payer's month only (the read may reach back to the dashboard's own)
        intervals: intervals.filter(
          (interval) => interval.to === null || interval.to > period.start,
        ),
      })
      return { estimate, hiddenOrganizations, usage: read }
    } catch (error) {
      if (error instanceof InvoiceAssemblyError)
        return { ...noEstimate(payload, organization, error), usage: read }
      throw error
    }
  } catch (error) {
    if (error instanceof InvoiceAssemblyError) return noEstimate(payload, organization, error)
    throw error
  }
}

function noEstimate(
  payload: Payload,
  organization: Pick<Organization, 'id'>,
  error: InvoiceAssemblyError,
): { estimate: null; problem: string } {
  payload.logger.warn({ err: error, organization: organization.id }, 'portal: no cost estimate')
  return {
    estimate: null,
    problem: 'The prices of this organization cannot be estimated right now; ask your operator.',
  }
}
