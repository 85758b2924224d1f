import type { Payload, PayloadRequest } from 'payload'
import { poolOf } from '../db/pool'
import { sqlOf as sqlOfRequest, type Sql } from '../db'

export interface Balance {
  currency: string
  /** Sum of the payer's ledger entries in minor units: > 0 the payer owes, < 0 the payer has credit. */
  amount: number
}

/** Where to read: a raw pg client (inside a transaction), a Payload instance, or a request (its transaction, when one is open). */
export type BalanceSource = Sql | Payload | PayloadRequest

async function sqlOf(source: BalanceSource): Promise<Sql> {
  if ('payload' in source && 'headers' in source) return sqlOfRequest(source as PayloadRequest)
  if ('db' in source && 'collections' in source) return poolOf(source as Payload)
  return source as Sql
}

/**
 * The payer's balance per currency: the sum of its ledger entries, integer minor units, sorted
 * by currency. Currencies whose entries sum to zero are included (the payer has history there).
 * `db` is a pg client (use the one of your transaction to see its uncommitted entries) or Payload.
 */
export async function balances(db: BalanceSource, organizationId: number): Promise<Balance[]> {
  const { rows } = await (await sqlOf(db)).query<{ currency: string; amount: string }>(
    `select currency, coalesce(sum(amount), 0)::text as amount from ledger_entries where organization_id = $1 group by currency order by currency`,
    [organizationId],
  )
  return rows.map((row) => ({ currency: row.currency, amount: toSafeInteger(row.amount) }))
}

function toSafeInteger(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`ledger sum ${text} is not a safe integer`)
  return value
}
