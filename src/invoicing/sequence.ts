import { formatInvoiceNumber } from '../billing/invoiceNumber'
import type { Sql } from '../db'

/** Each numbered document's table of yearly counters (one row per year). */
const SEQUENCES = { INV: 'invoice_number_sequences', CN: 'credit_note_number_sequences' } as const

/**
 * The next number of a gapless yearly sequence (INV-2026-000001, CN-2026-000001), taken in the
 * caller's transaction: the year's row stays locked until it ends, so concurrent callers get
 * consecutive numbers and one that rolls back uses none up.
 */
export async function nextNumber(sql: Sql, prefix: keyof typeof SEQUENCES, year: number): Promise<string> {
  const table = SEQUENCES[prefix]
  const { rows } = await sql.query<{ last: string | number }>(
    `insert into ${table} (year, last) values ($1, 1) on conflict (year) do update set last = ${table}.last + 1 returning last`,
    [year],
  )
  return formatInvoiceNumber(year, Number(rows[0]!.last), prefix)
}
