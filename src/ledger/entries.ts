import type { Sql } from '../db'
import type { LedgerEntryInput } from './kinds'
import { insertLedgerEntry } from './store'

export type { LedgerEntryInput }

/** Appends an entry inside the caller's transaction; answers its id. Entries are never changed afterwards. */
export async function addLedgerEntry(sql: Sql, entry: LedgerEntryInput): Promise<number> {
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0)
    throw new RangeError(`a ledger entry needs a non-zero whole amount, got ${entry.amount}`)
  return insertLedgerEntry(sql, entry)
}
