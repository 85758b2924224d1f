/**
 * The month close for one payer, pure: usage intervals and terms in, a draft invoice out.
 * Rules: DESIGN.md section 4 (Reporting period, Line amount, Tax, Hierarchy).
 */
import { INTL, localeOr, type Locale } from '../i18n'
import { resolvePayer, type HierarchyNode } from './hierarchy'
import { billingPeriod, localDate, localDayStart, type BillingPeriod } from './period'
import { decimalRatio, prorate, roundHalfUpDiv, taxOf } from './rounding'

export interface UsageInterval {
  organizationId: number
  subscriptionId: number
  cameraKey: string
  from: Date
  /** null while the camera is still counted (open interval). */
  to: Date | null
}

export interface PriceEntry {
  /** 'YYYY-MM-DD': in force from local midnight of that day in the payer's billing timezone. */
  from: string
  /** Monthly price per camera, minor units. */
  amount: number
}

export interface SubscriptionTerms {
  id: number
  title: string
  currency: string
  prices: PriceEntry[]
}

export interface OrganizationTerms {
  id: number
  title: string
  payer: 'self' | 'parent'
  parentId: number | null
  trialEndsAt: Date | null
  timeZone: string
  taxRateBp: number
  currency: string
  /** The language of its invoices (en when absent): the payer's line descriptions are in it. */
  locale?: Locale
}

export interface InvoiceLineDraft {
  organizationId: number
  organizationTitle: string
  subscriptionId: number
  subscriptionTitle: string
  segmentStart: Date
  segmentEnd: Date
  cameraSeconds: number
  /** cameraSeconds / 86400, two decimals. */
  cameraDays: string
  /** cameraSeconds / period.seconds, two decimals. */
  averageCameras: string
  unitPrice: number
  amount: number
  /**
   * 'Business 14 — Acme North Warehouse, 1–14 Oct 2026' ('…, 1–14 октября 2026 г.' for a Russian
   * payer): the organization only for subsidiaries, the days in the payer's language.
   */
  description: string
}

export interface InvoiceDraft {
  payerId: number
  period: BillingPeriod
  currency: string
  lines: InvoiceLineDraft[]
  subtotal: number
  taxRateBp: number
  tax: number
  total: number
}

export class InvoiceAssemblyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvoiceAssemblyError'
  }
}

export interface AssembleInvoiceInput {
  periodKey: string
  /** The payer organization. */
  payer: OrganizationTerms
  /** The payer and every organization, at any depth, whose bills go to it. */
  members: OrganizationTerms[]
  subscriptions: Map<number, SubscriptionTerms>
  /** Usage of the members overlapping the period (others are ignored). */
  intervals: UsageInterval[]
}

interface PriceSegment {
  start: number
  end: number
  amount: number
}

function describeOrganization(organization: OrganizationTerms): string {
  return `organization "${organization.title}" (id ${organization.id})`
}

function describeSubscription(subscription: SubscriptionTerms): string {
  return `subscription "${subscription.title}" (id ${subscription.id})`
}

const hierarchyNode = (terms: OrganizationTerms): HierarchyNode => ({
  id: terms.id,
  parent: terms.parentId,
  payer: terms.payer,
  title: terms.title,
})

/**
 * The id of the organization that pays for `organization` (billing/hierarchy.ts): follows
 * payer === 'parent' upwards; a loop or a parent missing from `byId` throws, naming the fix.
 */
export function payerOf(
  organization: OrganizationTerms,
  byId: Map<number, OrganizationTerms>,
): number {
  const resolved = resolvePayer(hierarchyNode(organization), (id) => {
    const terms = byId.get(id)
    return terms && hierarchyNode(terms)
  })
  if (resolved.problem) throw new InvoiceAssemblyError(resolved.problem.message)
  return resolved.payer
}

function priceSegments(
  subscription: SubscriptionTerms,
  period: BillingPeriod,
  payer: OrganizationTerms,
): PriceSegment[] {
  if (subscription.prices.length === 0) {
    throw new InvoiceAssemblyError(
      `${describeSubscription(subscription)} has no price: add one to its prices`,
    )
  }
  const entries = subscription.prices
    .map((entry) => {
      if (!Number.isSafeInteger(entry.amount) || entry.amount < 0) {
        throw new InvoiceAssemblyError(
          `${describeSubscription(subscription)} has price ${entry.amount} from ${entry.from}: prices are whole minor units, at least 0`,
        )
      }
      let at: number
      try {
        at = localDayStart(entry.from, payer.timeZone).getTime()
      } catch (error) {
        throw new InvoiceAssemblyError(
          `${describeSubscription(subscription)} has a price from "${entry.from}": ${(error as Error).message}`,
        )
      }
      return { at, amount: entry.amount }
    })
    .sort((a, b) => a.at - b.at) // stable: of two entries on one day, the later listed wins

  const start = period.start.getTime()
  const end = period.end.getTime()
  // Before its first entry a price list has nothing else to offer: the first price applies.
  let inForce = entries[0].amount
  for (const entry of entries) if (entry.at <= start) inForce = entry.amount

  const segments: PriceSegment[] = [{ start, end, amount: inForce }]
  for (const entry of entries) {
    if (entry.at <= start || entry.at >= end) continue
    const last = segments[segments.length - 1]
    if (entry.at === last.start) {
      last.amount = entry.amount
    } else {
      last.end = entry.at
      segments.push({ start: entry.at, end, amount: entry.amount })
    }
  }
  // an entry that repeats the price in force does not split the line
  return segments.reduce<PriceSegment[]>((merged, segment) => {
    const last = merged[merged.length - 1]
    if (last && last.amount === segment.amount) last.end = segment.end
    else merged.push({ ...segment })
    return merged
  }, [])
}

/**
 * The billed part of camera time [from, to) within a segment [start, end) of the period, minus
 * the time before the trial end (epoch ms); null when nothing of it is billed. The one clipping
 * rule: the assembly sums these parts into lines, the drill-down (billing/drillDown.ts) lists them.
 */
export function billedPart(
  from: number,
  to: number,
  segment: { start: number; end: number },
  trialEnd: number | null,
): { from: number; to: number } | null {
  const billedFrom = Math.max(from, segment.start, trialEnd ?? -Infinity)
  const billedTo = Math.min(to, segment.end)
  return billedTo > billedFrom ? { from: billedFrom, to: billedTo } : null
}

const ENGLISH_MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')
const dayRangeFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * The segment's days in the payer's language: 1–14 Oct 2026, 1–14 октября 2026 г.,
 * 1–14 de octubre de 2026, 1–14 de outubro de 2026 (one day alone: 14 Oct 2026). English keeps
 * its own three-letter months (ICU's en-GB writes "Sept"); the others come from ICU, with their
 * month written out in the case the day needs, no spaces around the range's dash and plain
 * spaces elsewhere.
 */
function describeDays(segment: PriceSegment, period: BillingPeriod, locale: Locale): string {
  const first = new Date(segment.start)
  const last = new Date(segment.end - 1)
  if (locale === 'en') {
    const [year, month, firstDay] = localDate(first, period.timeZone)
    const [, , lastDay] = localDate(last, period.timeZone)
    const days = firstDay === lastDay ? `${firstDay}` : `${firstDay}–${lastDay}`
    return `${days} ${ENGLISH_MONTHS[month - 1]} ${year}`
  }
  const key = `${locale} ${period.timeZone}`
  let format = dayRangeFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(INTL[locale].longDates, {
      timeZone: period.timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    })
    dayRangeFormats.set(key, format)
  }
  // ICU mixes narrow and ordinary no-break spaces (2026 г. alone, 2026 г. in a range): plain ones
  return format
    .formatRange(first, last)
    .replace(/\s*–\s*/u, '–')
    .replace(/[\u00a0\u202f]/gu, ' ')
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime())
}

export function assembleInvoice(input: AssembleInvoiceInput): InvoiceDraft {
  const { periodKey, payer, subscriptions } = input

  if (payer.payer === 'parent' && payer.parentId !== null) {
    throw new InvoiceAssemblyError(
      `${describeOrganization(payer)} is paid for by its parent id ${payer.parentId}: assemble the parent's invoice instead`,
    )
  }
  if (!Number.isInteger(payer.taxRateBp) || payer.taxRateBp < 0) {
    throw new InvoiceAssemblyError(
      `${describeOrganization(payer)} has tax rate ${payer.taxRateBp}: taxRateBp is a whole number of basis points, at least 0`,
    )
  }

  let period: BillingPeriod
  try {
    period = billingPeriod(periodKey, payer.timeZone)
  } catch (error) {
    throw new InvoiceAssemblyError(
      `Cannot bill ${describeOrganization(payer)} for ${periodKey}: ${(error as Error).message}`,
    )
  }

  const byId = new Map<number, OrganizationTerms>([[payer.id, payer]])
  for (const member of input.members) byId.set(member.id, member)
  byId.set(payer.id, payer)
  for (const member of byId.values()) {
    if (payerOf(member, byId) !== payer.id) {
      throw new InvoiceAssemblyError(
        `${describeOrganization(member)} is not billed to ${describeOrganization(payer)}; leave it out of the members`,
      )
    }
  }

  const periodStart = period.start.getTime()
  const periodEnd = period.end.getTime()
  const segmentsBySubscription = new Map<number, PriceSegment[]>()
  // key organizationId:subscriptionId:segmentIndex -> camera-milliseconds (BigInt: no overflow)
  const usage = new Map<string, bigint>()

  for (const interval of input.intervals) {
    const organization = byId.get(interval.organizationId)
    if (!organization) continue // not billed to this payer
    if (!validDate(interval.from) || (interval.to !== null && !validDate(interval.to))) {
      throw new InvoiceAssemblyError(
        `Usage of camera ${interval.cameraKey} in ${describeOrganization(organization)} has an invalid from or to date`,
      )
    }
    const from = interval.from.getTime()
    // an open interval that starts after the period (read with the others, as the window around
    // a month is wider than any one time zone's month) is later usage: nothing here, not an error
    const to = interval.to === null ? Math.max(periodEnd, from) : interval.to.getTime()
    if (to < from) {
      throw new InvoiceAssemblyError(
        `Usage of camera ${interval.cameraKey} in ${describeOrganization(organization)} ends (${interval.to?.toISOString()}) before it starts (${interval.from.toISOString()})`,
      )
    }
    if (to <= periodStart || from >= periodEnd) continue

    const subscription = subscriptions.get(interval.subscriptionId)
    if (!subscription) {
      throw new InvoiceAssemblyError(
        `Usage of camera ${interval.cameraKey} in ${describeOrganization(organization)} is on subscription id ${interval.subscriptionId}, whose terms were not given`,
      )
    }
    if (subscription.currency !== payer.currency) {
      throw new InvoiceAssemblyError(
        `${describeSubscription(subscription)} is priced in ${subscription.currency} but ${describeOrganization(payer)} is invoiced in ${payer.currency}; currencies are never mixed on one invoice: use a subscription in ${payer.currency}`,
      )
    }
    let segments = segmentsBySubscription.get(subscription.id)
    if (!segments) {
      segments = priceSegments(subscription, period, payer)
      segmentsBySubscription.set(subscription.id, segments)
    }

    const trialEnd = organization.trialEndsAt ? organization.trialEndsAt.getTime() : null
    if (!billedPart(from, to, { start: periodStart, end: periodEnd }, trialEnd)) continue
    segments.forEach((segment, index) => {
      const part = billedPart(from, to, segment, trialEnd)
      if (!part) return
      const key = `${organization.id}:${subscription.id}:${index}`
      usage.set(key, (usage.get(key) ?? 0n) + BigInt(part.to - part.from))
    })
  }

  const locale = localeOr(payer.locale)
  const lines: InvoiceLineDraft[] = []
  for (const [key, milliseconds] of usage) {
    const [organizationId, subscriptionId, index] = key.split(':').map(Number)
    // Timestamps may carry milliseconds; the line is kept in whole seconds so it can be recomputed.
    const cameraSeconds = Number(roundHalfUpDiv(milliseconds, 1000n))
    if (!Number.isSafeInteger(cameraSeconds)) {
      throw new InvoiceAssemblyError(
        `Camera-seconds ${cameraSeconds} are beyond the safe integer range`,
      )
    }
    if (cameraSeconds === 0) continue
    const organization = byId.get(organizationId)!
    const subscription = subscriptions.get(subscriptionId)!
    const segment = segmentsBySubscription.get(subscriptionId)![index]
    const label = organization.id === payer.id ? '' : ` — ${organization.title}`
    lines.push({
      organizationId,
      organizationTitle: organization.title,
      subscriptionId,
      subscriptionTitle: subscription.title,
      segmentStart: new Date(segment.start),
      segmentEnd: new Date(segment.end),
      cameraSeconds,
      cameraDays: decimalRatio(cameraSeconds, 86_400, 2),
      averageCameras: decimalRatio(cameraSeconds, period.seconds, 2),
      unitPrice: segment.amount,
      amount: prorate(segment.amount, cameraSeconds, period.seconds),
      description: `${subscription.title}${label}, ${describeDays(segment, period, locale)}`,
    })
  }

  const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  lines.sort(
    (a, b) =>
      Number(b.organizationId === payer.id) - Number(a.organizationId === payer.id) ||
      compareText(a.organizationTitle, b.organizationTitle) ||
      a.organizationId - b.organizationId ||
      compareText(a.subscriptionTitle, b.subscriptionTitle) ||
      a.subscriptionId - b.subscriptionId ||
      a.segmentStart.getTime() - b.segmentStart.getTime(),
  )

  const subtotalBig = lines.reduce((sum, line) => sum + BigInt(line.amount), 0n)
  if (subtotalBig > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvoiceAssemblyError(`The subtotal ${subtotalBig} is beyond the safe integer range`)
  }
  const subtotal = Number(subtotalBig)
  const tax = taxOf(subtotal, payer.taxRateBp)
  const total = subtotal + tax
  if (!Number.isSafeInteger(total)) {
    throw new InvoiceAssemblyError(`The total ${total} is beyond the safe integer range`)
  }
  return {
    payerId: payer.id,
    period,
    currency: payer.currency,
    lines,
    subtotal,
    taxRateBp: payer.taxRateBp,
    tax,
    total,
  }
}
