import { createHash } from 'node:crypto'
import { createLocalReq, type Payload, type PayloadRequest } from 'payload'
import { now as clockNow } from '../clock'
import { lockPayer, poolOf, withTransaction, type Sql } from '../db'
import { Conflict, NotFound } from '../endpoints/errors'
import { recordEvent } from '../events'
import { localeOr, type Messages } from '../i18n'
import { addLedgerEntry, invoiceDebitEntry, type PaymentMethod } from '../ledger'
import { recordPayment, releaseAllocations, settle } from '../payments'
import { freezeLineUsage } from './drillDownStore'
import { addressLines, renderInvoicePdf, sellerFromEnv, type InvoicePdfInput } from './pdf'
import {
  buyerOf,
  invoiceRow,
  linesForPdf,
  lockInvoiceForUpdate,
  markIssued,
  markVoid,
  nextNumber,
  payerOfInvoice,
  paymentTermsDays,
  storedInvoiceDocument,
  storeInvoiceDocument,
  type InvoiceRow,
} from './store'

/** An invoice in a state that does not allow the operation (409). */
export class InvoiceStateError extends Conflict {}

/** An invoice status as the language labels it: Issued, Выставлен. */
function statusIn(text: Messages, status: string | null | undefined): string {
  const labels = text.admin.options.invoiceStatus as Record<string, string>
  return labels[String(status)] ?? String(status)
}

/** No invoice with that id (404). */
export class InvoiceNotFound extends NotFound {
  constructor(id: number) {
    super(`invoice ${id} does not exist`, 'id')
    this.inLanguage((text) => text.admin.invoiceErrors.notFound({ id }))
  }
}

/**
 * A state change of one invoice: `change` runs in one transaction that holds the payer's money
 * lock first (the order payments take too), then the invoice row.
 */
function invoiceChange(
  change: (sql: Sql, id: number, invoice: InvoiceRow, now: Date) => Promise<void>,
) {
  return (payload: Payload, id: number, { now = clockNow() } = {}): Promise<void> =>
    withTransaction(payload, async ({ sql }) => {
      const payer = await payerOfInvoice(sql, id)
      if (payer === undefined) throw new InvoiceNotFound(id)
      await lockPayer(sql, payer)
      const invoice = await lockInvoiceForUpdate(sql, id)
      if (!invoice) throw new InvoiceNotFound(id)
      await change(sql, id, invoice, now)
    })
}

/** What the PDF shows, read inside the transaction that issues the invoice. */
async function pdfInput(sql: Sql, invoice: InvoiceRow): Promise<InvoicePdfInput> {
  const buyer = await buyerOf(sql, invoice.organization_id)
  const lines = await linesForPdf(sql, invoice.id)
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
    lines: lines.map((line) => ({
      description: line.description ?? '',
      cameraDays: Number(line.camera_days).toFixed(2),
      averageCameras: Number(line.average_cameras).toFixed(2),
      unitPrice: Number(line.unit_price),
      amount: Number(line.amount),
    })),
    buyer: {
      id: Number(buyer?.id ?? invoice.organization_id),
      title: buyer?.title ?? `#${invoice.organization_id}`,
      address: addressLines(buyer?.billing_address),
    },
    seller: sellerFromEnv(),
    timeZone: buyer?.timezone || 'UTC',
    // an issued invoice keeps its language; a draft shows the payer's
    locale: localeOr(invoice.locale, localeOr(buyer?.locale)),
  }
}

/**
 * Issues a draft: the next number of the gapless yearly sequence (by year of issue, UTC), the
 * due date from the payer's payment terms, the PDF rendered and stored, all in one transaction.
 * The sequence row stays locked until commit, so concurrent issues get consecutive numbers and a
 * failed issue consumes none. The invoice is frozen afterwards.
 */
export const issueInvoice = invoiceChange(async (client, id, invoice, now) => {
  if (invoice.status !== 'draft')
    throw new InvoiceStateError(
      `invoice ${id} is ${invoice.status}: only a draft can be issued`,
    ).inLanguage((text) =>
      text.admin.invoiceErrors.onlyDraftIssued({ id, status: statusIn(text, invoice.status) }),
    )
  const total = Number(invoice.total ?? 0)
  if (total < 0)
    throw new InvoiceStateError(
      `invoice ${id} has a negative total: credit the payer with a credit note or an adjustment instead`,
      'total',
    ).inLanguage((text) => text.admin.invoiceErrors.negativeTotal({ id }))
  const year = now.getUTCFullYear()
  const number = await nextNumber(client, 'INV', year)
  const days = await paymentTermsDays(client, invoice.organization_id)
  const dueAt = new Date(now.getTime() + days * 86_400_000)
  const locale = localeOr((await buyerOf(client, invoice.organization_id))?.locale)
  const issued: InvoiceRow = {
    ...invoice,
    status: 'issued',
    number,
    issued_at: now,
    due_at: dueAt,
    locale,
  }
  const pdf = await renderInvoicePdf(await pdfInput(client, issued))
  await storeInvoiceDocument(
    client,
    id,
    {
      filename: `${number}.pdf`,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      data: pdf,
    },
    now,
  )
  await markIssued(client, id, { number, issuedAt: now, dueAt, locale })
  // the camera time behind its lines, as it is now: its drill-down never changes afterwards
  await freezeLineUsage(client, id)
  // the debit, the announcement, then the payer's existing credit (a zero total is paid at once)
  const organization = invoice.organization_id
  if (total !== 0)
    await addLedgerEntry(client, {
      organization,
      kind: 'invoice',
      amount: total,
      currency: invoice.currency,
      reference: number,
      invoice: id,
      occurredAt: now,
    })
  await recordEvent(client, {
    type: 'invoice.issued',
    organization,
    data: {
      invoiceId: id,
      number,
      total,
      currency: invoice.currency,
      dueAt: dueAt.toISOString(),
    },
    occurredAt: now,
  })
  await settle(client, { organizationId: organization, currency: invoice.currency, now })
})

/**
 * Voids a draft or an issued invoice: it keeps its number, and the period can be generated again.
 * An issued one gets a reversing ledger entry (what the credit notes have not already taken
 * back), and what payments had allocated to it returns to the payer's credit, applied at once to
 * its other open invoices.
 */
export const voidInvoice = invoiceChange(async (client, id, invoice, now) => {
  if (invoice.status === 'void')
    throw new InvoiceStateError(`invoice ${id} is already void`).inLanguage((text) =>
      text.admin.invoiceErrors.alreadyVoid({ id }),
    )
  if (invoice.status === 'paid')
    throw new InvoiceStateError(
      `invoice ${id} is paid: refund it with a credit note instead of voiding it`,
    ).inLanguage((text) => text.admin.invoiceErrors.paidNotVoided({ id }))
  if (invoice.status === 'issued') {
    await releaseAllocations(client, id, Number(invoice.amount_paid ?? 0), now)
    const open = Number(invoice.total ?? 0) - Number(invoice.amount_credited ?? 0)
    if (open !== 0) {
      await addLedgerEntry(client, {
        organization: invoice.organization_id,
        kind: 'invoice',
        amount: -open,
        currency: invoice.currency,
        reference: invoice.number,
        reason: `invoice ${invoice.number} voided`,
        invoice: id,
        reverses: await invoiceDebitEntry(client, id),
        occurredAt: now,
      })
    }
  }
  await markVoid(client, id, now)
  if (invoice.status === 'issued')
    await settle(client, {
      organizationId: invoice.organization_id,
      currency: invoice.currency,
      now,
    })
})

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
    method = 'bank_transfer' as PaymentMethod,
    req = undefined as PayloadRequest | undefined,
  }: {
    paidAt?: Date
    reference?: string | null
    method?: PaymentMethod
    req?: PayloadRequest
    now?: Date
  } = {},
): Promise<void> {
  const request = req ?? (await createLocalReq({}, payload))
  const invoice = await payload.findByID({
    collection: 'invoices',
    id,
    depth: 0,
    overrideAccess: true,
    req: request,
    disableErrors: true,
  })
  if (!invoice) throw new InvoiceNotFound(id)
  if (invoice.status !== 'issued')
    throw new InvoiceStateError(
      `invoice ${id} is ${invoice.status}: only an issued invoice can be paid`,
    ).inLanguage((text) =>
      text.admin.invoiceErrors.onlyIssuedPaid({ id, status: statusIn(text, invoice.status) }),
    )
  const due = invoice.amountDue ?? invoice.total ?? 0
  if (due <= 0)
    throw new InvoiceStateError(`invoice ${id} has nothing due`).inLanguage((text) =>
      text.admin.invoiceErrors.nothingDue({ id }),
    )
  await recordPayment(
    request,
    {
      organization:
        typeof invoice.organization === 'object' ? invoice.organization.id : invoice.organization,
      amount: due,
      currency: invoice.currency,
      date: paidAt.toISOString(),
      method,
      ...(reference ? { reference } : {}),
    },
    { payInvoiceFirst: id, overrideAccess: !req, depth: 0 },
  )
}

/** The stored PDF of an issued invoice, or a fresh rendering of a draft (marked DRAFT). */
export async function invoicePdf(
  payload: Payload,
  id: number,
): Promise<{ filename: string; data: Buffer }> {
  const pool = poolOf(payload)
  const stored = await storedInvoiceDocument(pool, id)
  if (stored) return stored
  const invoice = await invoiceRow(pool, id)
  if (!invoice) throw new InvoiceNotFound(id)
  return {
    filename: `draft-${invoice.period}-${id}.pdf`,
    data: await renderInvoicePdf(await pdfInput(pool, invoice)),
  }
}
