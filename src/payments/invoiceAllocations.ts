import type { FieldHook } from 'payload'
import { poolOf, withTransaction } from '../db'
import { paymentsOfInvoice } from './store'

/**
 * The payments allocated to an invoice (its virtual `allocations`), oldest first; none on drafts.
 * Inside a write it reads on the write's transaction (no second connection while payer locks are
 * held; see ledger/fields.ts), outside one from the pool.
 */
export const invoiceAllocations: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id) || data?.status === 'draft') return []
  const rows = (await req.transactionID)
    ? await withTransaction(req, ({ sql }) => paymentsOfInvoice(sql, id))
    : await paymentsOfInvoice(poolOf(req.payload), id)
  return rows.map((row) => ({
    payment: row.payment,
    amount: Number(row.amount),
    date: new Date(row.date).toISOString(),
    reference: row.reference,
  }))
}
