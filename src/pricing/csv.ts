import { stringify } from 'csv-stringify/sync'
import { toDecimalString } from '../billing/money'
import type { SimulationResult } from './simulate'

export const simulationCsvColumns = [
  'organization_id',
  'organization',
  'currency',
  'subtotal_before',
  'subtotal_after',
  'total_before',
  'total_after',
  'delta',
  'percent',
  'invoiced_total',
  'threshold_crossed',
] as const

/** The whole table, one row per payer in the result's order; amounts as exact decimal strings. */
export function simulationCsv(result: SimulationResult): string {
  const crossed = new Map(result.crossings.map((crossing) => [crossing.organization, crossing]))
  const rows = result.organizations.map((row) => [
    row.organization,
    row.title,
    row.currency,
    toDecimalString(row.subtotalBefore, row.currency),
    toDecimalString(row.subtotalAfter, row.currency),
    toDecimalString(row.totalBefore, row.currency),
    toDecimalString(row.totalAfter, row.currency),
    toDecimalString(row.delta, row.currency),
    row.percent ?? '',
    row.invoiced === null ? '' : toDecimalString(row.invoiced, row.currency),
    crossed.get(row.organization)?.direction ?? '',
  ])
  return stringify(rows, { header: true, columns: [...simulationCsvColumns] })
}
