/**
 * What a price change does to the price lists, pure (no Payload, no I/O): the change and the
 * catalogue in, the new effective-dated entries of each subscription out. The invoice assembly
 * (src/billing/invoiceAssembly.ts) then prices usage with those lists exactly as the month close
 * does: there is no second pricing formula here.
 *
 * How a service price maps onto subscriptions: every subscription has its own price list (a new
 * one gets the sum of its services as its first price). A subscription whose price in force on
 * the change's day equals the sum of its services' current prices *follows its services*: a new
 * service price, or a different service set, gives it a new entry, the new sum, from that day.
 * One priced on its own (its price differs from that sum) keeps its prices unless the change
 * names it in `subscriptionPrices`; a new service set then changes its services only. An entry in
 * `subscriptionPrices` always wins over a derived one of the same subscription and day.
 */
import type { PriceEntry, SubscriptionTerms } from '../billing/invoiceAssembly'
import type { PriceChange } from './change'

export interface CatalogueService {
  id: number
  title: string
  price: number
  currency: string
}

export interface Catalogue {
  subscriptions: Map<number, SubscriptionTerms>
  /** Each subscription's services now. */
  servicesOf: Map<number, number[]>
  services: Map<number, CatalogueService>
}

/** One new entry of a subscription's price list. */
export interface PlannedEntry extends PriceEntry {
  /** Why: named in subscriptionPrices, or the sum of its services after the change. */
  source: 'subscription' | 'services'
}

export interface SubscriptionPlan {
  subscriptionId: number
  title: string
  currency: string
  entries: PlannedEntry[]
  /** The new service set and its day, when the change gives one. */
  services?: { ids: number[]; from: string }
}

export interface PricePlan {
  subscriptions: Map<number, SubscriptionPlan>
  /** The new price of each service named by the change. */
  services: Map<number, { amount: number; from: string }>
}

export class PricePlanError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
    this.name = 'PricePlanError'
  }
}

/** The price a list gives on `day` ('YYYY-MM-DD'), as the assembly reads it (the first before any). */
export function priceOn(prices: PriceEntry[], day: string): number | undefined {
  if (prices.length === 0) return undefined
  const sorted = [...prices].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  let amount = sorted[0]!.amount
  for (const entry of sorted) if (entry.from <= day) amount = entry.amount
  return amount
}

/** Checks every id of the change against the catalogue; a wrong one names its field. */
function checkIds(change: PriceChange, catalogue: Catalogue): void {
  change.subscriptionPrices.forEach((entry, index) => {
    if (!catalogue.subscriptions.has(entry.subscription))
      throw new PricePlanError(
        `subscriptionPrices.${index}.subscription`,
        `subscription ${entry.subscription} does not exist`,
      )
  })
  change.servicePrices.forEach((entry, index) => {
    if (!catalogue.services.has(entry.service))
      throw new PricePlanError(
        `servicePrices.${index}.service`,
        `service ${entry.service} does not exist`,
      )
  })
  change.serviceSets.forEach((entry, index) => {
    const subscription = catalogue.subscriptions.get(entry.subscription)
    if (!subscription)
      throw new PricePlanError(
        `serviceSets.${index}.subscription`,
        `subscription ${entry.subscription} does not exist`,
      )
    entry.services.forEach((serviceId, at) => {
      const service = catalogue.services.get(serviceId)
      if (!service)
        throw new PricePlanError(
          `serviceSets.${index}.services.${at}`,
          `service ${serviceId} does not exist`,
        )
      if (service.currency !== subscription.currency)
        throw new PricePlanError(
          `serviceSets.${index}.services.${at}`,
          `service "${service.title}" is priced in ${service.currency} but subscription "${subscription.title}" in ${subscription.currency}: choose services in ${subscription.currency}`,
        )
    })
  })
  const seen = new Set<string>()
  change.serviceSets.forEach((entry, index) => {
    if (seen.has(String(entry.subscription)))
      throw new PricePlanError(
        `serviceSets.${index}.subscription`,
        `subscription ${entry.subscription} has two service sets: give one per subscription`,
      )
    seen.add(String(entry.subscription))
  })
}

const sum = (ids: number[], priceOf: (id: number) => number) =>
  ids.reduce((total, id) => total + priceOf(id), 0)

/** The new entries of every subscription the change touches. */
export function planPriceChange(change: PriceChange, catalogue: Catalogue): PricePlan {
  checkIds(change, catalogue)
  const services = new Map<number, { amount: number; from: string }>()
  for (const entry of change.servicePrices)
    services.set(entry.service, { amount: entry.amount, from: entry.from })
  const setOf = new Map(change.serviceSets.map((entry) => [entry.subscription, entry]))

  const plans = new Map<number, SubscriptionPlan>()
  const planOf = (subscription: SubscriptionTerms) => {
    let plan = plans.get(subscription.id)
    if (!plan) {
      plan = {
        subscriptionId: subscription.id,
        title: subscription.title,
        currency: subscription.currency,
        entries: [],
      }
      plans.set(subscription.id, plan)
    }
    return plan
  }

  for (const subscription of catalogue.subscriptions.values()) {
    const current = catalogue.servicesOf.get(subscription.id) ?? []
    const set = setOf.get(subscription.id)
    const touched =
      current.some((id) => services.has(id)) || set?.services.some((id) => services.has(id))
    if (!touched && !set) continue
    // the days on which the sum of its services changes, in order
    const days = [
      ...new Set([
        ...[...current, ...(set?.services ?? [])]
          .filter((id) => services.has(id))
          .map((id) => services.get(id)!.from),
        ...(set ? [set.from] : []),
      ]),
    ].sort()
    const currentSum = sum(current, (id) => catalogue.services.get(id)?.price ?? 0)
    const follows = priceOn(subscription.prices, days[0]!) === currentSum
    const plan = planOf(subscription)
    if (set) plan.services = { ids: set.services, from: set.from }
    if (!follows) continue
    for (const day of days) {
      const ids = set && set.from <= day ? set.services : current
      const amount = sum(ids, (id) => {
        const changed = services.get(id)
        return changed && changed.from <= day ? changed.amount : catalogue.services.get(id)!.price
      })
      plan.entries.push({ from: day, amount, source: 'services' })
    }
  }

  for (const entry of change.subscriptionPrices) {
    const plan = planOf(catalogue.subscriptions.get(entry.subscription)!)
    plan.entries = plan.entries.filter((planned) => planned.from !== entry.from)
    plan.entries.push({ from: entry.from, amount: entry.amount, source: 'subscription' })
  }
  for (const plan of plans.values()) plan.entries.sort((a, b) => (a.from < b.from ? -1 : 1))
  return { subscriptions: plans, services }
}

/** A price list with the planned entries in force: an entry on a day already listed replaces it. */
export function withEntries(prices: PriceEntry[], entries: PriceEntry[]): PriceEntry[] {
  const days = new Set(entries.map((entry) => entry.from))
  return [
    ...prices.filter((entry) => !days.has(entry.from)),
    ...entries.map(({ from, amount }) => ({ from, amount })),
  ]
}

/** The last day of a period 'YYYY-MM', as 'YYYY-MM-DD'. */
function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number)
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate()
  return `${period}-${String(days).padStart(2, '0')}`
}

/**
 * The day a planned entry takes when `period` is replayed: a day within the month or before it is
 * kept (a mid-month change splits the lines as the month close would); a day after the month is
 * tried from its first day, so a price for next month shows what the closed month would have cost.
 */
export function simulatedDay(day: string, period: string): string {
  return day > lastDayOf(period) ? `${period}-01` : day
}

/** Every subscription's terms with the plan in force, for replaying `period`. */
export function simulatedTerms(
  catalogue: Catalogue,
  plan: PricePlan,
  period: string,
): Map<number, SubscriptionTerms> {
  const terms = new Map(catalogue.subscriptions)
  for (const planned of plan.subscriptions.values()) {
    if (planned.entries.length === 0) continue
    const current = catalogue.subscriptions.get(planned.subscriptionId)!
    // later entries win over earlier ones mapped onto the same day
    const byDay = new Map<string, PriceEntry>()
    for (const entry of planned.entries) {
      const from = simulatedDay(entry.from, period)
      byDay.set(from, { from, amount: entry.amount })
    }
    terms.set(current.id, { ...current, prices: withEntries(current.prices, [...byDay.values()]) })
  }
  return terms
}
