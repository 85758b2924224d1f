import type { Payload } from 'payload'
import { explainLine, type CameraTime } from '../billing/drillDown'
import { poolOf } from '../db'
import { frozenLineUsage, drillDownLines, liveLineUsage } from './drillDownStore'
import { InvoiceNotFound } from './lifecycle'
import { invoiceRow } from './store'

/** One interval of a line's drill-down (DESIGN.md section 5, `GET /api/invoices/<id>/usage`). */
export interface DrillDownInterval {
  /** A short stable reference derived from the camera key (billing/drillDown.ts cameraReference). */
  camera: string
  /** ISO date-times, clipped to the line's segment of the period (and to the trial end). */
  from: string
  to: string
  seconds: number
  /** Minor units; a line's intervals add up to its amount. */
  amount: number
  /** The camera's title in Watcher, only when resolved for a member who may view streams. */
  title?: string
}

export interface DrillDownLine {
  /** The line's position in the invoice's `lines`. */
  index: number
  organization: number | null
  subscription: number | null
  amount: number
  cameraSeconds: number
  intervals: DrillDownInterval[]
}

export interface InvoiceDrillDown {
  invoice: number
  lines: DrillDownLine[]
}

/**
 * The camera time behind each line of an invoice and each interval's share of it. A draft is
 * computed from camera usage as it is now; an issued (paid, void) invoice from the copy frozen
 * when it was issued (issueInvoice), so it never changes. No access check: the caller's.
 */
export async function invoiceDrillDown(payload: Payload, id: number): Promise<InvoiceDrillDown> {
  const pool = poolOf(payload)
  const invoice = await invoiceRow(pool, id)
  if (!invoice) throw new InvoiceNotFound(id)
  const [lines, usage] = await Promise.all([
    drillDownLines(pool, id),
    invoice.status === 'draft' ? liveLineUsage(pool, id) : frozenLineUsage(pool, id),
  ])
  const usageByLine = new Map<number, { intervals: CameraTime[]; trialEndsAt: Date | null }>()
  for (const row of usage) {
    const entry = usageByLine.get(row.line_index) ?? {
      intervals: [],
      trialEndsAt: row.trial_ends_at,
    }
    entry.intervals.push({ cameraKey: row.camera_key, from: row.from, to: row.to })
    usageByLine.set(row.line_index, entry)
  }
  const periodStart = invoice.period_start ?? new Date(0)
  const periodEnd = invoice.period_end ?? new Date(0)
  return {
    invoice: id,
    lines: lines.map((line) => {
      const amount = Number(line.amount ?? 0)
      const usageOfLine = usageByLine.get(line.line_index)
      const shares = usageOfLine
        ? explainLine(
            {
              segmentStart: line.segment_start ?? periodStart,
              segmentEnd: line.segment_end ?? periodEnd,
              amount,
            },
            usageOfLine.intervals,
            usageOfLine.trialEndsAt,
          )
        : []
      return {
        index: line.line_index,
        organization: line.organization_id === null ? null : Number(line.organization_id),
        subscription: line.subscription_id === null ? null : Number(line.subscription_id),
        amount,
        cameraSeconds: Number(line.camera_seconds ?? 0),
        intervals: shares.map((share) => ({
          camera: share.camera,
          from: share.from.toISOString(),
          to: share.to.toISOString(),
          seconds: share.seconds,
          amount: share.amount,
        })),
      }
    }),
  }
}
