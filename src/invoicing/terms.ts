import type { Payload } from 'payload'
import type { OrganizationTerms, SubscriptionTerms } from '../billing/invoiceAssembly'
import { poolOf } from '../db'

const pool = poolOf

/**
 * Every organization and subscription as the pure invoice assembly wants them, straight from the
 * tables (the columns it reads, no documents: 10 000 organizations load in a fraction of a
 * second). A price date is a calendar day: stored at midnight UTC of that day by the API (the
 * admin's day picker stores a time within the same UTC day), so its UTC date is the day meant.
 */
export async function loadTerms(payload: Payload): Promise<{
  organizations: Map<number, OrganizationTerms>
  subscriptions: Map<number, SubscriptionTerms>
}> {
  const [organizations, subscriptions, prices] = await Promise.all([
    pool(payload).query<{ id: number; title: string; payer: 'self' | 'parent'; parent_id: number | null; trial_ends_at: Date | null; timezone: string; tax_rate_bp: string | null; currency: string }>(
      `select id, title, payer, parent_id, trial_ends_at, timezone, tax_rate_bp, currency from organizations`,
    ),
    pool(payload).query<{ id: number; title: string; currency: string }>(`select id, title, currency from subscriptions`),
    pool(payload).query<{ parent: number; from: Date; amount: string }>(`select _parent_id as parent, "from", amount from subscriptions_prices order by _parent_id, _order`),
  ])
  const pricesOf = new Map<number, { from: string; amount: number }[]>()
  for (const row of prices.rows) {
    const list = pricesOf.get(Number(row.parent)) ?? []
    list.push({ from: row.from.toISOString().slice(0, 10), amount: Number(row.amount) })
    pricesOf.set(Number(row.parent), list)
  }
  return {
    organizations: new Map<number, OrganizationTerms>(
      organizations.rows.map((row) => [
        Number(row.id),
        {
          id: Number(row.id),
          title: row.title,
          payer: row.payer,
          parentId: row.parent_id === null ? null : Number(row.parent_id),
          trialEndsAt: row.trial_ends_at,
          timeZone: row.timezone || 'UTC',
          taxRateBp: row.tax_rate_bp === null ? 0 : Number(row.tax_rate_bp),
          currency: row.currency,
        },
      ]),
    ),
    subscriptions: new Map(
      subscriptions.rows.map((row) => [Number(row.id), { id: Number(row.id), title: row.title, currency: row.currency, prices: pricesOf.get(Number(row.id)) ?? [] }]),
    ),
  }
}
