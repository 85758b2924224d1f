import type { Payload } from 'payload'
import type { OrganizationTerms, SubscriptionTerms } from '../billing/invoiceAssembly'
import { poolOf } from '../db'
import { localeOr } from '../i18n'
import {
  invoiceTreeTermRows,
  organizationTermRows,
  subscriptionPriceRows,
  subscriptionRows,
  type OrganizationTermRow,
} from './store'

/**
 * Every organization and subscription as the pure invoice assembly wants them, straight from the
 * tables (the columns it reads, no documents: 10 000 organizations load in a fraction of a
 * second). The month close itself reads organizations a batch of payers at a time
 * (generate.ts); this whole book is for callers that need every organization at once.
 */
export async function loadTerms(payload: Payload): Promise<{
  organizations: Map<number, OrganizationTerms>
  subscriptions: Map<number, SubscriptionTerms>
}> {
  // two reads at once on the pool: each takes a connection of its own
  const [organizations, subscriptions] = await Promise.all([
    organizationTermRows(poolOf(payload)),
    loadSubscriptionTerms(payload),
  ])
  return {
    organizations: new Map(organizations.map((row) => [Number(row.id), organizationTerms(row)])),
    subscriptions,
  }
}

/**
 * The terms an invoice of `organizationId`'s tree needs: its ancestors and everything below them
 * (the payer and every member of its invoice are there), and every subscription. The portal's
 * cost estimate decides on these as the month close does on the whole book.
 */
export async function loadTreeTerms(
  payload: Payload,
  organizationId: number,
): Promise<{
  organizations: Map<number, OrganizationTerms>
  subscriptions: Map<number, SubscriptionTerms>
}> {
  const [organizations, subscriptions] = await Promise.all([
    invoiceTreeTermRows(poolOf(payload), organizationId),
    loadSubscriptionTerms(payload),
  ])
  return {
    organizations: new Map(organizations.map((row) => [Number(row.id), organizationTerms(row)])),
    subscriptions,
  }
}

/** An organization's row as the pure invoice assembly wants it. */
export function organizationTerms(row: OrganizationTermRow): OrganizationTerms {
  return {
    id: Number(row.id),
    title: row.title,
    payer: row.payer,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    trialEndsAt: row.trial_ends_at,
    timeZone: row.timezone || 'UTC',
    taxRateBp: row.tax_rate_bp === null ? 0 : Number(row.tax_rate_bp),
    currency: row.currency,
    locale: localeOr(row.locale),
  }
}

/**
 * Every subscription with its price list. A price date is a calendar day: stored at midnight UTC
 * of that day by the API (the admin's day picker stores a time within the same UTC day), so its
 * UTC date is the day meant.
 */
export async function loadSubscriptionTerms(
  payload: Payload,
): Promise<Map<number, SubscriptionTerms>> {
  const pool = poolOf(payload)
  const [subscriptions, prices] = await Promise.all([
    subscriptionRows(pool),
    subscriptionPriceRows(pool),
  ])
  const pricesOf = new Map<number, { from: string; amount: number }[]>()
  for (const row of prices) {
    const list = pricesOf.get(Number(row.parent)) ?? []
    list.push({ from: row.from.toISOString().slice(0, 10), amount: Number(row.amount) })
    pricesOf.set(Number(row.parent), list)
  }
  return new Map(
    subscriptions.map((row) => [
      Number(row.id),
      {
        id: Number(row.id),
        title: row.title,
        currency: row.currency,
        prices: pricesOf.get(Number(row.id)) ?? [],
      },
    ]),
  )
}
