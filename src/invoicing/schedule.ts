import type { Payload } from 'payload'
import { now as clockNow } from '../clock'
import { periodOf, previousPeriod } from '../billing/period'
import { generateInvoices, type GenerateResult } from './generate'
import { issueInvoice } from './lifecycle'
import { poolOf } from '../db'
import { payerTimeZones } from './store'

/**
 * The month close on a schedule: every payer gets its draft for the month that has ended in its
 * own billing timezone (run hourly, it catches each zone's midnight of the 1st; already present
 * invoices are skipped, so reruns are free).
 */
export async function closeEndedMonths(
  payload: Payload,
  now = clockNow(),
): Promise<Record<string, GenerateResult>> {
  // payers only: a broken payer chain is reported by the generation itself
  const byPeriod = new Map<string, number[]>()
  for (const payer of await payerTimeZones(poolOf(payload))) {
    const period = previousPeriod(periodOf(now, payer.timezone || 'UTC'))
    const payers = byPeriod.get(period) ?? []
    payers.push(Number(payer.id))
    byPeriod.set(period, payers)
  }
  const results: Record<string, GenerateResult> = {}
  for (const [period, payerIds] of byPeriod)
    results[period] = await generateInvoices(payload, { period, payerIds, now })
  return results
}

/** Days a draft waits for review before it is issued automatically (INVOICE_GRACE_DAYS, default 3). */
export const graceDays = () => {
  const days = Number(process.env.INVOICE_GRACE_DAYS ?? 3)
  return Number.isFinite(days) && days >= 0 ? days : 3
}

/** Issues the drafts generated more than the grace period ago; answers their ids. */
export async function issueDueDrafts(payload: Payload, now = clockNow()): Promise<number[]> {
  const before = new Date(now.getTime() - graceDays() * 86_400_000).toISOString()
  const drafts = await payload.find({
    collection: 'invoices',
    where: { and: [{ status: { equals: 'draft' } }, { generatedAt: { less_than_equal: before } }] },
    select: { generatedAt: true },
    limit: 0,
    pagination: false,
    sort: 'id',
    overrideAccess: true,
  })
  const issued: number[] = []
  for (const draft of drafts.docs) {
    try {
      await issueInvoice(payload, draft.id, { now })
      issued.push(draft.id)
    } catch (error) {
      payload.logger.error({ err: error }, `invoices: could not issue draft ${draft.id}`)
    }
  }
  return issued
}
