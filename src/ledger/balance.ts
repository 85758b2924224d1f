import type { Payload } from 'payload'
import { poolOf, type Sql } from '../db'
import { sumsByCurrency, sumsByCurrencyOf } from './store'

export interface Balance {
  currency: string
  /** Sum of the payer's ledger entries in minor units: > 0 the payer owes, < 0 the payer has credit. */
  amount: number
}

/**
 * The payer's balance per currency: the sum of its ledger entries, integer minor units, sorted
 * by currency. Currencies whose entries sum to zero are included (the payer has history there).
 * `db` is the `sql` of a transaction (to see its uncommitted entries) or Payload (what is committed).
 */
export async function balances(db: Sql | Payload, organizationId: number): Promise<Balance[]> {
  const sql = 'collections' in db && 'db' in db ? poolOf(db) : db
  const rows = await sumsByCurrency(sql, organizationId)
  return rows.map((row) => ({ currency: row.currency, amount: toSafeInteger(row.amount) }))
}

/** The balances of many payers (as `balances` gives each), in one query; a payer without entries has []. */
export async function balancesOf(
  db: Sql | Payload,
  organizationIds: number[],
): Promise<Map<number, Balance[]>> {
  const sql = 'collections' in db && 'db' in db ? poolOf(db) : db
  const result = new Map<number, Balance[]>(organizationIds.map((id) => [id, []]))
  if (organizationIds.length === 0) return result
  for (const row of await sumsByCurrencyOf(sql, organizationIds)) {
    result
      .get(Number(row.organization_id))
      ?.push({ currency: row.currency, amount: toSafeInteger(row.amount) })
  }
  return result
}

function toSafeInteger(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`ledger sum ${text} is not a safe integer`)
  return value
}
