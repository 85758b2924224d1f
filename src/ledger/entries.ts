import type { LedgerKind } from './kinds'
import type { Sql } from '../db'

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
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) throw new RangeError(`a ledger entry needs a non-zero whole amount, got ${entry.amount}`)
  const { rows } = await sql.query<{ id: number }>(
    `insert into ledger_entries (organization_id, kind, amount, currency, reference, reason, invoice_id, payment_id, credit_note_id, reverses_id, occurred_at, created_by_id, updated_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), now()) returning id`,
    [
      entry.organization,
      entry.kind,
      entry.amount,
      entry.currency,
      entry.reference ?? null,
      entry.reason ?? null,
      entry.invoice ?? null,
      entry.payment ?? null,
      entry.creditNote ?? null,
      entry.reverses ?? null,
      entry.occurredAt,
      entry.createdBy ?? null,
    ],
  )
  return rows[0]!.id
}

export { lockPayer } from '../db'
