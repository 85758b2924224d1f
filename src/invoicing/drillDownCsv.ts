import { stringify } from 'csv-stringify/sync'
import { toDecimalString } from '../billing/money'
import type { InvoiceDrillDown } from './drillDown'

export const drillDownCsvColumns = [
  'invoice_id',
  'line_index',
  'organization_id',
  'subscription_id',
  'line_amount',
  'line_camera_seconds',
  'camera',
  'title',
  'from',
  'to',
  'seconds',
  'amount',
  'currency',
] as const

/**
 * The drill-down as CSV: one row per interval (a line without intervals gets one row with the
 * interval columns empty); amounts as exact decimal strings in the invoice's currency, like
 * invoices.csv. `title` only when resolved for the caller.
 */
export function drillDownCsv(drillDown: InvoiceDrillDown, currency: string): string {
  const rows = drillDown.lines.flatMap((line) => {
    const lineColumns = [
      drillDown.invoice,
      line.index,
      line.organization ?? '',
      line.subscription ?? '',
      toDecimalString(line.amount, currency),
      line.cameraSeconds,
    ]
    if (line.intervals.length === 0) return [[...lineColumns, '', '', '', '', '', '', currency]]
    return line.intervals.map((interval) => [
      ...lineColumns,
      interval.camera,
      interval.title ?? '',
      interval.from,
      interval.to,
      interval.seconds,
      toDecimalString(interval.amount, currency),
      currency,
    ])
  })
  return stringify(rows, { header: true, columns: [...drillDownCsvColumns] })
}
