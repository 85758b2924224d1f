import type { Sql, Statement } from '../db'
import type { LedgerEntryInput } from './kinds'
import { insertLedgerEntry, ledgerEntryInsert } from './store'

export type { LedgerEntryInput }

/** Appends an entry inside the caller's transaction; answers its id. Entries are never changed afterwards. */
export async function addLedgerEntry(sql: Sql, entry: LedgerEntryInput): Promise<number> {
  checkAmount(entry)
  return insertLedgerEntry(sql, entry)
}

/**
 * addLedgerEntry as a statement, for a caller that sends it alongside its own in one round trip
 * (withAlongside, inside the caller's transaction): the same checks, the same row.
 */
export function ledgerEntryStatement(entry: LedgerEntryInput): Statement {
  checkAmount(entry)
  return ledgerEntryInsert(entry)
}

function checkAmount(entry: LedgerEntryInput): void {
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0)
    throw new RangeError(`a ledger entry needs a non-zero whole amount, got ${entry.amount}`)
}
