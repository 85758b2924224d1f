import type { FieldHook } from 'payload'
import { poolOf } from '../db'
import { paymentsOfInvoice } from './store'

/**
 * The payments allocated to an invoice (its virtual `allocations`), oldest first; none on drafts.
 * Read from the pool, not the request's transaction: Payload runs the afterRead hooks of many
 * documents at once, and queries sent at once on a transaction's one connection are what pg
 * warns about ("already executing a query").
 */
export const invoiceAllocations: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id) || data?.status === 'draft') return []
  const rows = await paymentsOfInvoice(poolOf(req.payload), id)
  return rows.map((row) => ({ payment: row.payment, amount: Number(row.amount), date: new Date(row.date).toISOString(), reference: row.reference }))
}
