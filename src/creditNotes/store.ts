import { affected, firstRow, type Sql } from '../db'

/** The credit notes domain's SQL: the invoice a credit note lowers, and its stored PDF. */

export interface CreditedInvoiceRow {
  id: number
  organization_id: number
  status: string
  number: string | null
  total: string
  currency: string
  amount_credited: string | null
  amount_due: string | null
}

export async function invoicePayer(sql: Sql, invoiceId: number): Promise<number | undefined> {
  const { rows } = await sql.query<{ organization_id: number }>(
    'select organization_id from invoices where id = $1',
    [invoiceId],
  )
  return rows[0]?.organization_id
}

export async function lockCreditedInvoice(
  sql: Sql,
  invoiceId: number,
): Promise<CreditedInvoiceRow | undefined> {
  const { rows } = await sql.query<CreditedInvoiceRow>(
    'select id, organization_id, status, number, total, currency, amount_credited, amount_due from invoices where id = $1 for update',
    [invoiceId],
  )
  return rows[0]
}

/** Lowers what is credited and due on the invoice. */
export const creditInvoice = (
  sql: Sql,
  invoiceId: number,
  { amount, appliedToInvoice, at }: { amount: number; appliedToInvoice: number; at: Date },
) =>
  affected(
    sql,
    'update invoices set amount_credited = coalesce(amount_credited, 0) + $2, amount_due = amount_due - $3, updated_at = $4 where id = $1',
    [invoiceId, amount, appliedToInvoice, at],
  )

/** The credited invoice's number, total and language (the credit note's language too). */
export async function invoiceNumberAndTotal(
  sql: Sql,
  invoiceId: number,
): Promise<{ number: string; total: string; locale: string | null }> {
  const { rows } = await sql.query<{ number: string; total: string; locale: string | null }>(
    'select number, total, locale from invoices where id = $1',
    [invoiceId],
  )
  return rows[0]!
}

export async function buyerOf(
  sql: Sql,
  organizationId: number,
): Promise<{ title: string; timezone: string | null; billing_address: string | null } | undefined> {
  const { rows } = await sql.query<{
    title: string
    timezone: string | null
    billing_address: string | null
  }>('select title, timezone, billing_address from organizations where id = $1', [organizationId])
  return rows[0]
}

export async function storeCreditNoteDocument(
  sql: Sql,
  creditNoteId: number,
  file: { filename: string; sha256: string; data: Buffer },
): Promise<void> {
  await sql.query(
    'insert into credit_note_documents (credit_note_id, filename, sha256, data) values ($1, $2, $3, $4)',
    [creditNoteId, file.filename, file.sha256, file.data],
  )
}

export const storedCreditNoteDocument = (sql: Sql, creditNoteId: number) =>
  firstRow<{ filename: string; data: Buffer }>(
    sql,
    'select filename, data from credit_note_documents where credit_note_id = $1',
    [creditNoteId],
  )
