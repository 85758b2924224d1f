import { stringify } from 'csv-stringify/sync'
import { toDecimalString } from '../billing/money'
import type { Invoice, Organization, Subscription } from '../payload-types'

const title = (value: number | Organization | Subscription | null | undefined) =>
  value && typeof value === 'object' ? value.title : value == null ? '' : `#${value}`
const idOf = (value: number | Organization | Subscription | null | undefined) =>
  value && typeof value === 'object' ? value.id : (value ?? '')

export const csvColumns = [
  'invoice_id',
  'number',
  'status',
  'period',
  'payer_id',
  'payer',
  'organization_id',
  'organization',
  'subscription_id',
  'subscription',
  'description',
  'camera_seconds',
  'camera_days',
  'average_cameras',
  'unit_price',
  'amount',
  'currency',
  'invoice_subtotal',
  'invoice_tax',
  'invoice_total',
] as const

/** One row per invoice line; amounts as exact decimal strings in the invoice's currency. */
export function invoicesCsv(invoices: Invoice[]): string {
  const rows = invoices.flatMap((invoice) =>
    (invoice.lines ?? []).map((line) => [
      invoice.id,
      invoice.number ?? '',
      invoice.status,
      invoice.period,
      idOf(invoice.organization),
      title(invoice.organization),
      idOf(line.organization),
      title(line.organization),
      idOf(line.subscription),
      title(line.subscription),
      line.description ?? '',
      line.cameraSeconds ?? 0,
      Number(line.cameraDays ?? 0).toFixed(2),
      Number(line.averageCameras ?? 0).toFixed(2),
      toDecimalString(line.unitPrice ?? 0, invoice.currency),
      toDecimalString(line.amount ?? 0, invoice.currency),
      invoice.currency,
      toDecimalString(invoice.subtotal ?? 0, invoice.currency),
      toDecimalString(invoice.tax ?? 0, invoice.currency),
      toDecimalString(invoice.total ?? 0, invoice.currency),
    ]),
  )
  return stringify(rows, { header: true, columns: [...csvColumns] })
}
