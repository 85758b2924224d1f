import type { FieldHook } from 'payload'
import { balances } from './balance'

/**
 * The organization's balance per currency (virtual; read-only): what it owes (+) or its credit (−).
 * Read from the pool, not the request's transaction: Payload runs the afterRead hooks of a
 * document's fields at the same time, and queries sent at once on the transaction's one
 * connection are what pg warns about ("already executing a query"). A write's own answer thus
 * shows the balance as committed before it.
 */
export const organizationBalance: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id)) return []
  return balances(req.payload, id)
}
