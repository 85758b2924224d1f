import { createHash } from 'node:crypto'
import { createLocalReq, type Payload, type PayloadRequest } from 'payload'
import { now as clockNow } from '../clock'
import { recordEvent } from '../events/record'
import { addLedgerEntry, lockPayer } from '../ledger/entries'
import { withTransaction, type Sql } from '../db'
import { recordPayment } from '../payments/record'
import { releaseAllocations, settle } from '../payments/settle'
import { nextNumber } from './sequence'
import { renderInvoicePdf, sellerFromEnv, type InvoicePdfInput } from './pdf'
import { poolOf } from '../db/pool'

export class InvoiceStateError extends Error {
  constructor(
    message: string,
    readonly status = 409,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'InvoiceStateError'
  }
}

const pool = poolOf

interface InvoiceRow {
  id: number
  organization_id: number
  period: string
  status: string
  number: string | null
  period_start: Date | null
  period_end: Date | null
  subtotal: string
  tax: string
  total: string
  tax_rate_bp: string | null
  currency: string
  issued_at: Date | null
  due_at: Date | null
  amount_paid: string | null
  amount_credited: string | null
  amount_due: string | null
}

async function lockInvoice(client: Sql, id: number): Promise<InvoiceRow> {
  const { rows } = await client.query<InvoiceRow>('select * from invoices where id = $1 for update', [id])
  if (!rows[0]) throw new InvoiceStateError(`invoice ${id} does not exist`, 404, 'id')
  return rows[0]
}

/** The payer's money lock first (the order payments take too), then the invoice row. */
async function lockPayerAndInvoice(client: Sql, id: number): Promise<InvoiceRow> {
  const { rows } = await client.query<{ organization_id: number }>('select organization_id from invoices where id = $1', [id])
  if (!rows[0]) throw new InvoiceStateError(`invoice ${id} does not exist`, 404, 'id')
  await lockPayer(client, rows[0].organization_id)
  return lockInvoice(client, id)
}

/** What the PDF shows, read inside the transaction that issues the invoice. */
async function pdfInput(client: Sql, invoice: InvoiceRow): Promise<InvoicePdfInput> {
  const buyer = await client.query<{ id: number; title: string; timezone: string | null }>('select id, title, timezone from organizations where id = $1', [invoice.organization_id])
  const lines = await client.query<{ description: string | null; camera_days: string; average_cameras: string; unit_price: string; amount: string }>(
    'select description, camera_days, average_cameras, unit_price, amount from invoices_lines where _parent_id = $1 order by _order',
    [invoice.id],
  )
  return {
    number: invoice.number,
    status: invoice.status,
    period: invoice.period,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    issuedAt: invoice.issued_at,
    dueAt: invoice.due_at,
    currency: invoice.currency,
    subtotal: Number(invoice.subtotal ?? 0),
    taxRateBp: Number(invoice.tax_rate_bp ?? 0),
    tax: Number(invoice.tax ?? 0),
    total: Number(invoice.total ?? 0),
    lines: lines.rows.map((line) => ({
      description: line.description ?? '',
      cameraDays: Number(line.camera_days).toFixed(2),
      averageCameras: Number(line.average_cameras).toFixed(2),
      unitPrice: Number(line.unit_price),
      amount: Number(line.amount),
    })),
    buyer: { id: Number(buyer.rows[0]?.id ?? invoice.organization_id), title: buyer.rows[0]?.title ?? `#${invoice.organization_id}` },
    seller: sellerFromEnv(),
    timeZone: buyer.rows[0]?.timezone || 'UTC',
  }
}

/**
 * Issues a draft: the next number of the gapless yearly sequence (by year of issue, UTC), the
 * due date from the payer's payment terms, the PDF rendered and stored, all in one transaction.
 * The sequence row stays locked until commit, so concurrent issues get consecutive numbers and a
 * failed issue consumes none. The invoice is frozen afterwards.
 */
export async function issueInvoice(payload: Payload, id: number, { now = clockNow() } = {}): Promise<void> {
  await withTransaction(payload, async ({ sql: client }) => {
    const invoice = await lockPayerAndInvoice(client, id)
    if (invoice.status !== 'draft') throw new InvoiceStateError(`invoice ${id} is ${invoice.status}: only a draft can be issued`)
    const total = Number(invoice.total ?? 0)
    if (total < 0) throw new InvoiceStateError(`invoice ${id} has a negative total: credit the payer with a credit note or an adjustment instead`, 409, 'total')
    const year = now.getUTCFullYear()
    const number = await nextNumber(client, 'INV', year)
    const terms = await client.query<{ payment_terms_days: string | null }>('select payment_terms_days from organizations where id = $1', [invoice.organization_id])
    const days = Number(terms.rows[0]?.payment_terms_days ?? 14)
    const dueAt = new Date(now.getTime() + days * 86_400_000)
    const issued: InvoiceRow = { ...invoice, status: 'issued', number, issued_at: now, due_at: dueAt }
    const pdf = await renderInvoicePdf(await pdfInput(client, issued))
    await client.query(
      `insert into invoice_documents (invoice_id, filename, sha256, data, updated_at, created_at) values ($1, $2, $3, $4, $5, $5)
        on conflict (invoice_id) do update set filename = excluded.filename, sha256 = excluded.sha256, data = excluded.data, updated_at = excluded.updated_at`,
      [id, `${number}.pdf`, createHash('sha256').update(pdf).digest('hex'), pdf.toString('base64'), now],
    )
    await client.query(
      `update invoices set status = 'issued', number = $2, issued_at = $3, due_at = $4, updated_at = $3, amount_paid = 0, amount_credited = 0, amount_due = total where id = $1`,
      [id, number, now, dueAt],
    )
    // the debit, the announcement, then the payer's existing credit (a zero total is paid at once)
    const organization = invoice.organization_id
    if (total !== 0) await addLedgerEntry(client, { organization, kind: 'invoice', amount: total, currency: invoice.currency, reference: number, invoice: id, occurredAt: now })
    await recordEvent(client, {
      type: 'invoice.issued',
      organization,
      data: { invoiceId: id, number, total, currency: invoice.currency, dueAt: dueAt.toISOString() },
      occurredAt: now,
    })
    await settle(client, { organizationId: organization, currency: invoice.currency, now })
  })
}

/**
 * Voids a draft or an issued invoice: it keeps its number, and the period can be generated again.
 * An issued one gets a reversing ledger entry (what the credit notes have not already taken
 * back), and what payments had allocated to it returns to the payer's credit, applied at once to
 * its other open invoices.
 */
export async function voidInvoice(payload: Payload, id: number, { now = clockNow() } = {}): Promise<void> {
  await withTransaction(payload, async ({ sql: client }) => {
    const invoice = await lockPayerAndInvoice(client, id)
    if (invoice.status === 'void') throw new InvoiceStateError(`invoice ${id} is already void`)
    if (invoice.status === 'paid') throw new InvoiceStateError(`invoice ${id} is paid: refund it with a credit note instead of voiding it`)
    if (invoice.status === 'issued') {
      await releaseAllocations(client, id, Number(invoice.amount_paid ?? 0), now)
      const open = Number(invoice.total ?? 0) - Number(invoice.amount_credited ?? 0)
      if (open !== 0) {
        const original = await client.query<{ id: number }>(`select id from ledger_entries where invoice_id = $1 and kind = 'invoice' and amount > 0 order by id limit 1`, [id])
        await addLedgerEntry(client, {
          organization: invoice.organization_id,
          kind: 'invoice',
          amount: -open,
          currency: invoice.currency,
          reference: invoice.number,
          reason: `invoice ${invoice.number} voided`,
          invoice: id,
          reverses: original.rows[0]?.id ?? null,
          occurredAt: now,
        })
      }
    }
    await client.query(`update invoices set status = 'void', amount_due = case when status = 'draft' then amount_due else 0 end, updated_at = $2 where id = $1`, [id, now])
    if (invoice.status === 'issued') await settle(client, { organizationId: invoice.organization_id, currency: invoice.currency, now })
  })
}

/**
 * Records a payment covering what is due on an issued invoice, through the one payment path
 * (ledger, allocation, events): this invoice is covered first. With a request the caller's
 * access rules apply; without one it runs as the system (scripts, tests).
 */
export async function payInvoice(
  payload: Payload,
  id: number,
  {
    paidAt = clockNow(),
    reference = null as string | null,
    method = 'bank_transfer' as 'bank_transfer' | 'card' | 'cash' | 'other',
    req = undefined as PayloadRequest | undefined,
  }: { paidAt?: Date; reference?: string | null; method?: 'bank_transfer' | 'card' | 'cash' | 'other'; req?: PayloadRequest; now?: Date } = {},
): Promise<void> {
  const request = req ?? (await createLocalReq({}, payload))
  const invoice = await payload.findByID({ collection: 'invoices', id, depth: 0, overrideAccess: true, req: request, disableErrors: true })
  if (!invoice) throw new InvoiceStateError(`invoice ${id} does not exist`, 404, 'id')
  if (invoice.status !== 'issued') throw new InvoiceStateError(`invoice ${id} is ${invoice.status}: only an issued invoice can be paid`)
  const due = invoice.amountDue ?? invoice.total ?? 0
  if (due <= 0) throw new InvoiceStateError(`invoice ${id} has nothing due`)
  await recordPayment(
    request,
    {
      organization: typeof invoice.organization === 'object' ? invoice.organization.id : invoice.organization,
      amount: due,
      currency: invoice.currency,
      date: paidAt.toISOString(),
      method,
      ...(reference ? { reference } : {}),
    },
    { payInvoiceFirst: id, overrideAccess: !req },
  )
}

/** The stored PDF of an issued invoice, or a fresh rendering of a draft (marked DRAFT). */
export async function invoicePdf(payload: Payload, id: number): Promise<{ filename: string; data: Buffer }> {
  const stored = await pool(payload).query<{ filename: string; data: string }>('select filename, data from invoice_documents where invoice_id = $1', [id])
  if (stored.rows[0]) return { filename: stored.rows[0].filename, data: Buffer.from(stored.rows[0].data, 'base64') }
  const client = await pool(payload).connect()
  try {
    const { rows } = await client.query<InvoiceRow>('select * from invoices where id = $1', [id])
    if (!rows[0]) throw new InvoiceStateError(`invoice ${id} does not exist`, 404, 'id')
    return { filename: `draft-${rows[0].period}-${id}.pdf`, data: await renderInvoicePdf(await pdfInput(client, rows[0])) }
  } finally {
    client.release()
  }
}
