import type { FieldHook } from 'payload'
import { sqlOf } from '../db'

/** The payments allocated to an invoice (its virtual `allocations`), oldest first; none on drafts. */
export const invoiceAllocations: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id) || data?.status === 'draft') return []
  const sql = await sqlOf(req)
  const { rows } = await sql.query<{ payment: number; amount: string; date: Date; reference: string | null }>(
    `select p.id as payment, a.amount, p.date, p.reference from payments_allocations a join payments p on p.id = a._parent_id
      where a.invoice_id = $1 order by p.date, p.id`,
    [id],
  )
  return rows.map((row) => ({ payment: row.payment, amount: Number(row.amount), date: new Date(row.date).toISOString(), reference: row.reference }))
}
