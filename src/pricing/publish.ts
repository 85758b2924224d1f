import type { PayloadRequest } from 'payload'
import { now } from '../clock'
import { withTransaction } from '../db'
import type { PriceChange } from './change'
import { withEntries } from './plan'
import { loadCatalogue, planOrRefuse } from './simulate'

export interface PublishResult {
  /** The audit record (collection `price-changes`). */
  priceChange: number
  subscriptions: number[]
  services: number[]
}

/** A price day as the subscriptions' `prices.from` stores it: midnight UTC of that day. */
const storedDay = (day: string) => `${day}T00:00:00.000Z`

/**
 * Makes a change real in one transaction, as the caller (its access rules apply): each planned
 * entry becomes an entry of the subscription's price list (replacing one on the same day), a new
 * service set replaces the subscription's services, a new service price becomes the service's
 * price (a service has one price: it is what subscriptions following their services add up, see
 * plan.ts); and a `price-changes` record says who published what. Through the Local API, so the
 * collections' validation and hooks (the Watcher sync of a new service set) run as for an edit.
 */
export async function publishPriceChange(
  req: PayloadRequest,
  change: PriceChange,
): Promise<PublishResult> {
  return withTransaction(req, async ({ req, sql }) => {
    const catalogue = await loadCatalogue(sql)
    const plan = planOrRefuse(change, catalogue)
    const asCaller = { req, user: req.user, overrideAccess: false, depth: 0 } as const

    const services: number[] = []
    for (const [id, price] of plan.services) {
      await req.payload.update({
        collection: 'services',
        id,
        data: { price: price.amount },
        ...asCaller,
      })
      services.push(id)
    }
    const subscriptions: number[] = []
    for (const planned of plan.subscriptions.values()) {
      // touched by a service price but priced on its own: nothing of it changes
      if (planned.entries.length === 0 && !planned.services) continue
      const current = catalogue.subscriptions.get(planned.subscriptionId)!
      const prices = withEntries(current.prices, planned.entries)
        .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
        .map((entry) => ({ from: storedDay(entry.from), amount: entry.amount }))
      await req.payload.update({
        collection: 'subscriptions',
        id: planned.subscriptionId,
        data: { prices, ...(planned.services ? { services: planned.services.ids } : {}) },
        ...asCaller,
      })
      subscriptions.push(planned.subscriptionId)
    }
    const record = await req.payload.create({
      collection: 'price-changes',
      data: {
        publishedBy: Number(req.user!.id),
        publishedAt: now().toISOString(),
        change,
        subscriptions,
        services,
      },
      req,
      depth: 0,
      overrideAccess: true, // the audit record is written by this operation only, never by hand
    })
    return { priceChange: Number(record.id), subscriptions, services }
  })
}
