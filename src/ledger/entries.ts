import type { Sql } from '../db'
import type { LedgerKind } from './kinds'
import { insertLedgerEntry } from './store'

export interface LedgerEntryInput {
  organization: number
  kind: LedgerKind
  /** Signed minor units: + debit (the payer owes more), − credit. */
  amount: number
  currency: string
  reference?: string | null
  reason?: string | null
  invoice?: number | null
  payment?: number | null
  creditNote?: number | null
  reverses?: number | null
  occurredAt: Date
  createdBy?: number | null
}

/** Appends an entry inside the caller's transaction; answers its id. Entries are never changed afterwards. */
export async function addLedgerEntry(sql: Sql, entry: LedgerEntryInput): Promise<number> {
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0)
    throw new RangeError(`a ledger entry needs a non-zero whole amount, got ${entry.amount}`)
  return insertLedgerEntry(sql, entry)
}
