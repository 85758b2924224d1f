import type { Payload } from 'payload'
import {
  assembleInvoice,
  InvoiceAssemblyError,
  type InvoiceDraft,
  type SubscriptionTerms,
} from '../billing/invoiceAssembly'
import { billingPeriod } from '../billing/period'
import { roundHalfUpDiv } from '../billing/rounding'
import { poolOf, type Sql } from '../db'
import { Invalid } from '../endpoints/errors'
import type { PriceChange } from './change'
import {
  planPriceChange,
  PricePlanError,
  simulatedDay,
  simulatedTerms,
  type Catalogue,
  type PricePlan,
} from './plan'
import {
  batchTerms,
  memberTermRowsOfPayers,
  organizationTerms,
  payerTermRowsAfter,
  usageOfOrganizationsOverlapping,
  type OrganizationTermRow,
} from '../invoicing'
import {
  invoiceTotalsOfPayers,
  serviceRows,
  subscriptionPriceRows,
  subscriptionRows,
  subscriptionServiceRows,
} from './store'

export interface SimulationOptions extends PriceChange {
  /** The closed month whose usage is replayed, 'YYYY-MM'. */
  period: string
  /** An invoice total per currency (minor units) whose crossing is reported. */
  thresholds?: Record<string, number>
  /** Payers read at a time (a test makes it small to cross pages). */
  payersPerBatch?: number
}

/** One payer's invoice for the period, before and after the change (totals include tax). */
export interface OrganizationResult {
  organization: number
  title: string
  currency: string
  subtotalBefore: number
  subtotalAfter: number
  totalBefore: number
  totalAfter: number
  /** totalAfter − totalBefore. */
  delta: number
  /** delta / totalBefore in per cent, two decimals ('12.50'); null when totalBefore is 0. */
  percent: string | null
  /** The total of the period's non-void invoice when one exists (it equals totalBefore unless prices changed since). */
  invoiced: number | null
}

export interface CurrencyTotals {
  currency: string
  organizations: number
  subtotalBefore: number
  subtotalAfter: number
  totalBefore: number
  totalAfter: number
  delta: number
  percent: string | null
}

export interface ThresholdCrossing {
  organization: number
  title: string
  currency: string
  threshold: number
  totalBefore: number
  totalAfter: number
  direction: 'up' | 'down'
}

export interface SimulationResult {
  period: string
  /** What the change does to each subscription: its new entries (and the day each is tried from). */
  subscriptions: {
    subscription: number
    title: string
    currency: string
    entries: { from: string; simulatedFrom: string; amount: number; source: string }[]
    services?: { ids: number[]; from: string }
  }[]
  currencies: CurrencyTotals[]
  /** Sorted by the largest increase first. */
  organizations: OrganizationResult[]
  crossings: ThresholdCrossing[]
  /** Payers whose invoice could not be assembled (before or after), with why. */
  failed: { organization: number; error: string }[]
}

/** delta / base in per cent with two decimals, rounded half up (away from zero when negative). */
export function percentOf(delta: number, base: number): string | null {
  if (base === 0) return null
  const hundredths = roundHalfUpDiv(BigInt(delta) * 10_000n, BigInt(base))
  const sign = hundredths < 0n ? '-' : ''
  const digits = (hundredths < 0n ? -hundredths : hundredths).toString().padStart(3, '0')
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/** The catalogue as the plan and the assembly want it, read once. */
export async function loadCatalogue(sql: Sql): Promise<Catalogue> {
  // one after another: inside publish's transaction `sql` is one client (four small reads)
  const subscriptions = await subscriptionRows(sql)
  const prices = await subscriptionPriceRows(sql)
  const links = await subscriptionServiceRows(sql)
  const services = await serviceRows(sql)
  const pricesOf = new Map<number, { from: string; amount: number }[]>()
  for (const row of prices) {
    const list = pricesOf.get(Number(row.parent)) ?? []
    // a price day is stored at midnight UTC of that day (as invoicing/terms.ts reads it)
    list.push({ from: row.from.toISOString().slice(0, 10), amount: Number(row.amount) })
    pricesOf.set(Number(row.parent), list)
  }
  const servicesOf = new Map<number, number[]>()
  for (const row of links) {
    const list = servicesOf.get(Number(row.subscription)) ?? []
    list.push(Number(row.service))
    servicesOf.set(Number(row.subscription), list)
  }
  return {
    subscriptions: new Map(
      subscriptions.map((row): [number, SubscriptionTerms] => [
        Number(row.id),
        {
          id: Number(row.id),
          title: row.title,
          currency: row.currency,
          prices: pricesOf.get(Number(row.id)) ?? [],
        },
      ]),
    ),
    servicesOf,
    services: new Map(
      services.map((row) => [
        Number(row.id),
        { id: Number(row.id), title: row.title, price: Number(row.price), currency: row.currency },
      ]),
    ),
  }
}

/** The plan of a change against the catalogue; a wrong id is a 400 naming its field. */
export function planOrRefuse(change: PriceChange, catalogue: Catalogue): PricePlan {
  try {
    return planPriceChange(change, catalogue)
  } catch (error) {
    if (error instanceof PricePlanError) throw new Invalid(error.field, error.message)
    throw error
  }
}

/** Payers per read, as the month close reads them. */
const READ_BATCH = 2_000

interface PayerBatch {
  payers: OrganizationTermRow[]
  members: (OrganizationTermRow & { payer_id: number })[]
  usage: Awaited<ReturnType<typeof usageOfOrganizationsOverlapping>>
  invoices: Awaited<ReturnType<typeof invoiceTotalsOfPayers>>
}

/**
 * Replays `period`'s usage through the invoice assembly twice per payer, with today's prices and
 * with the change in force, and compares. One pass: payers are read a page at a time with their
 * members, usage and invoices (the next page loads while this one is assembled). Nothing is written.
 */
export async function simulatePriceChange(
  payload: Payload,
  options: SimulationOptions,
): Promise<SimulationResult> {
  const pool = poolOf(payload)
  const catalogue = await loadCatalogue(pool)
  const plan = planOrRefuse(options, catalogue)
  const before = catalogue.subscriptions
  const after = simulatedTerms(catalogue, plan, options.period)
  const changed = new Set(
    [...plan.subscriptions.values()]
      .filter((p) => p.entries.length > 0)
      .map((p) => p.subscriptionId),
  )

  const utc = billingPeriod(options.period, 'UTC')
  const windowStart = new Date(utc.start.getTime() - 15 * 3600_000)
  const windowEnd = new Date(utc.end.getTime() + 15 * 3600_000)
  const size = options.payersPerBatch ?? READ_BATCH
  let afterId = 0
  const read = async (payers: OrganizationTermRow[]): Promise<PayerBatch> => {
    const payerIds = payers.map((row) => Number(row.id))
    const [members, invoices] = await Promise.all([
      memberTermRowsOfPayers(pool, payerIds),
      invoiceTotalsOfPayers(pool, payerIds, options.period),
    ])
    const usage = await usageOfOrganizationsOverlapping(
      pool,
      members.map((row) => Number(row.id)),
      windowStart,
      windowEnd,
    )
    return { payers, members, usage, invoices }
  }
  const nextBatch = async (): Promise<Promise<PayerBatch> | null> => {
    const payers = await payerTermRowsAfter(pool, afterId, size)
    if (payers.length === 0) return null
    afterId = Number(payers[payers.length - 1]!.id)
    const pending = read(payers)
    pending.catch(() => undefined) // awaited below; no unhandled rejection meanwhile
    return pending
  }

  const organizations: OrganizationResult[] = []
  const failed: SimulationResult['failed'] = []
  let next = await nextBatch()
  while (next) {
    const batch = await next
    next = await nextBatch()
    const { membersByPayer, usageByOrganization } = batchTerms(batch.members, batch.usage)
    const invoiced = new Map(batch.invoices.map((row) => [Number(row.organization_id), row]))
    for (const payerRow of batch.payers) {
      const payer = organizationTerms(payerRow)
      const members = membersByPayer.get(payer.id) ?? []
      const intervals = members.flatMap((member) => usageByOrganization.get(member.id) ?? [])
      const assemble = (subscriptions: Map<number, SubscriptionTerms>): InvoiceDraft =>
        assembleInvoice({ periodKey: options.period, payer, members, subscriptions, intervals })
      let was: InvoiceDraft
      let becomes: InvoiceDraft
      try {
        was = assemble(before)
        // usage on no changed subscription costs the same: the second assembly would repeat the first
        becomes = intervals.some((interval) => changed.has(interval.subscriptionId))
          ? assemble(after)
          : was
      } catch (error) {
        if (!(error instanceof InvoiceAssemblyError)) throw error
        failed.push({ organization: payer.id, error: error.message })
        continue
      }
      const invoice = invoiced.get(payer.id)
      if (was.lines.length === 0 && becomes.lines.length === 0 && !invoice) continue
      const delta = becomes.total - was.total
      organizations.push({
        organization: payer.id,
        title: payer.title,
        currency: payer.currency,
        subtotalBefore: was.subtotal,
        subtotalAfter: becomes.subtotal,
        totalBefore: was.total,
        totalAfter: becomes.total,
        delta,
        percent: percentOf(delta, was.total),
        invoiced: invoice ? Number(invoice.total) : null,
      })
    }
  }

  return summarize(options, plan, organizations, failed)
}

/** Sorts the rows, adds them up per currency and finds the threshold crossings. */
function summarize(
  options: SimulationOptions,
  plan: PricePlan,
  organizations: OrganizationResult[],
  failed: SimulationResult['failed'],
): SimulationResult {
  // the largest increase first; of equal increases the larger share, then by id
  organizations.sort(
    (a, b) =>
      b.delta - a.delta ||
      Number(b.percent ?? 0) - Number(a.percent ?? 0) ||
      a.organization - b.organization,
  )
  const totals = new Map<string, CurrencyTotals>()
  for (const row of organizations) {
    const sum = totals.get(row.currency) ?? {
      currency: row.currency,
      organizations: 0,
      subtotalBefore: 0,
      subtotalAfter: 0,
      totalBefore: 0,
      totalAfter: 0,
      delta: 0,
      percent: null,
    }
    sum.organizations++
    sum.subtotalBefore += row.subtotalBefore
    sum.subtotalAfter += row.subtotalAfter
    sum.totalBefore += row.totalBefore
    sum.totalAfter += row.totalAfter
    totals.set(row.currency, sum)
  }
  const currencies = [...totals.values()]
    .map((sum) => {
      const delta = sum.totalAfter - sum.totalBefore
      return { ...sum, delta, percent: percentOf(delta, sum.totalBefore) }
    })
    .sort((a, b) => (a.currency < b.currency ? -1 : 1))

  const crossings: ThresholdCrossing[] = []
  const thresholds = options.thresholds ?? {}
  for (const row of organizations) {
    const threshold = thresholds[row.currency]
    if (threshold === undefined) continue
    const up = row.totalBefore < threshold && row.totalAfter >= threshold
    const down = row.totalAfter < threshold && row.totalBefore >= threshold
    if (up || down)
      crossings.push({
        organization: row.organization,
        title: row.title,
        currency: row.currency,
        threshold,
        totalBefore: row.totalBefore,
        totalAfter: row.totalAfter,
        direction: up ? 'up' : 'down',
      })
  }

  return {
    period: options.period,
    subscriptions: [...plan.subscriptions.values()].map((planned) => ({
      subscription: planned.subscriptionId,
      title: planned.title,
      currency: planned.currency,
      entries: planned.entries.map((entry) => ({
        from: entry.from,
        simulatedFrom: simulatedDay(entry.from, options.period),
        amount: entry.amount,
        source: entry.source,
      })),
      ...(planned.services ? { services: planned.services } : {}),
    })),
    currencies,
    organizations,
    crossings,
    failed,
  }
}
