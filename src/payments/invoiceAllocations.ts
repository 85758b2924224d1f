import type { FieldHook } from 'payload'
import { loadInBatch } from '../db'
import { paymentsOfInvoices } from './store'

/**
 * The payments allocated to an invoice (its virtual `allocations`), oldest first; none on drafts.
 * The invoices of a page are read in one query (loadInBatch); inside a write, on the write's
 * transaction.
 */
export const invoiceAllocations: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id) || data?.status === 'draft') return []
  const rows = (await loadInBatch(req, paymentsOfInvoices, id)) ?? []
  return rows.map((row) => ({
    payment: row.payment,
    amount: Number(row.amount),
    date: new Date(row.date).toISOString(),
    reference: row.reference,
  }))
}
