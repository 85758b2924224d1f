import { firstRow, type Sql, type Statement } from '../db'
import type { LedgerEntryInput } from './kinds'

/** The ledger's SQL: entries are appended in the caller's transaction and never changed. */

export async function insertLedgerEntry(sql: Sql, entry: LedgerEntryInput): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(ledgerEntryInsert(entry))
  return rows[0]!.id
}

/** The insert of one entry (answering its id), for insertLedgerEntry or to send alongside another statement. */
export function ledgerEntryInsert(entry: LedgerEntryInput): Statement {
  return {
    name: 'ledger.insert-entry',
    text: `insert into ledger_entries (organization_id, kind, amount, currency, reference, reason, invoice_id, payment_id, credit_note_id, reverses_id, occurred_at, created_by_id, updated_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), now()) returning id`,
    values: [
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
  }
}

/** The payer's ledger sums per currency, as text (a sum may exceed a safe integer; the caller checks). */
export async function sumsByCurrency(
  sql: Sql,
  organizationId: number,
): Promise<{ currency: string; amount: string }[]> {
  const { rows } = await sql.query<{ currency: string; amount: string }>(
    `select currency, coalesce(sum(amount), 0)::text as amount from ledger_entries where organization_id = $1 group by currency order by currency`,
    [organizationId],
  )
  return rows
}

/** The balance sums of many organizations, per currency, in one query. */
export async function sumsByCurrencyOf(
  sql: Sql,
  organizationIds: number[],
): Promise<{ organization_id: number; currency: string; amount: string }[]> {
  const { rows } = await sql.query<{ organization_id: number; currency: string; amount: string }>(
    `select organization_id, currency, coalesce(sum(amount), 0)::text as amount from ledger_entries
      where organization_id = any($1::int[]) group by organization_id, currency order by organization_id, currency`,
    [organizationIds],
  )
  return rows
}

/** The positive invoice entry of an invoice (what a void reverses), if any. */
export async function invoiceDebitEntry(sql: Sql, invoiceId: number): Promise<number | null> {
  const { rows } = await sql.query<{ id: number }>(
    `select id from ledger_entries where invoice_id = $1 and kind = 'invoice' and amount > 0 order by id limit 1`,
    [invoiceId],
  )
  return rows[0]?.id ?? null
}

/** The currencies a payer has ledger history in. */
export async function ledgerCurrencies(sql: Sql, organizationId: number): Promise<string[]> {
  const { rows } = await sql.query<{ currency: string }>(
    'select distinct currency from ledger_entries where organization_id = $1',
    [organizationId],
  )
  return rows.map((row) => row.currency)
}

/** Whose entry an entry is, and in what currency (a reversing entry must match both). */
export const entryOwner = (sql: Sql, id: number) =>
  firstRow<{ organization_id: number; currency: string }>(
    sql,
    'select organization_id, currency from ledger_entries where id = $1',
    [id],
  )
