import type { FieldHook } from 'payload'
import { withTransaction } from '../db'
import { balances } from './balance'

/**
 * The organization's balance per currency (virtual; read-only): what it owes (+) or its credit (−).
 * Inside a write it reads on the write's transaction (its own uncommitted entries included, and
 * no second connection: a pool read here, while payers wait on the payer lock holding theirs,
 * slowed concurrent payments and could exhaust the pool). Payload runs the afterRead hooks of
 * fields at once, so this query may queue behind another on that connection (pg's "already
 * executing a query" warning); outside a transaction it reads from the pool.
 */
export const organizationBalance: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id)) return []
  if (!(await req.transactionID)) return balances(req.payload, id)
  return withTransaction(req, ({ sql }) => balances(sql, id))
}
