import { createHash } from 'node:crypto'
import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'
import { relationId } from '../fields/relationId'
import { formatMoney, isMinorUnits } from '../billing/money'
import { now } from '../clock'
import { isRowId, lockPayer, withTransaction } from '../db'
import { recordEvent } from '../events'
import { localeOr } from '../i18n'
import { addressLines, nextNumber, sellerFromEnv } from '../invoicing'
import { addLedgerEntry } from '../ledger'
import { fieldError, releaseAllocations, settle, userId } from '../payments'
import { renderCreditNotePdf } from './pdf'
import {
  buyerOf,
  creditInvoice,
  invoiceNumberAndTotal,
  invoicePayer,
  lockCreditedInvoice,
  storeCreditNoteDocument,
} from './store'

/**
 * Checks a new credit note against its invoice (issued or paid, not more than is left
 * uncredited), locks the payer and numbers it in the yearly CN sequence, in the transaction
 * of the create: a refused or failed credit note consumes no number.
 */
export const numberAndCheck: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const invoiceId = relationId(data.invoice)
  if (invoiceId === undefined)
    throw fieldError('credit-notes', 'invoice', 'The invoice to credit is required.')
  return withTransaction(req, async ({ sql }) => {
    const payer = isRowId(invoiceId) ? await invoicePayer(sql, invoiceId) : undefined
    if (payer === undefined)
      throw fieldError('credit-notes', 'invoice', `Invoice ${invoiceId} does not exist.`)
    await lockPayer(sql, payer)
    const invoice = (await lockCreditedInvoice(sql, invoiceId))!
    if (invoice.status !== 'issued' && invoice.status !== 'paid') {
      throw fieldError(
        'credit-notes',
        'invoice',
        `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}: only an issued or paid invoice can be credited.`,
      )
    }
    const uncredited = Number(invoice.total) - Number(invoice.amount_credited ?? 0)
    if (isMinorUnits(data.amount) && data.amount > uncredited) {
      throw fieldError(
        'credit-notes',
        'amount',
        `amount: at most ${uncredited} (${formatMoney(Math.max(uncredited, 0), invoice.currency)}) is left uncredited on invoice ${invoice.number}.`,
      )
    }
    const issuedAt = now()
    const year = issuedAt.getUTCFullYear()
    const amount = isMinorUnits(data.amount) ? data.amount : 0
    const applied = Math.min(amount, Number(invoice.amount_due ?? 0))
    return {
      ...data,
      number: await nextNumber(sql, 'CN', year),
      organization: invoice.organization_id,
      currency: invoice.currency,
      issuedAt: issuedAt.toISOString(),
      appliedToInvoice: applied,
      toCredit: amount - applied,
      createdBy: userId(req),
    }
  })
}

/**
 * In the credit note's transaction: what is due on the invoice goes down (beyond that, what was
 * paid on it returns to the payer's credit), the ledger credit, the PDF, `credit_note.issued`,
 * then the payer's credit is applied again (a fully credited invoice becomes paid).
 */
export const creditAndRecord: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create') return doc
  const issuedAt = new Date(doc.issuedAt)
  const invoiceId = relationId(doc.invoice)!
  const organization = relationId(doc.organization)!
  await withTransaction(req, async ({ sql }) => {
    await creditInvoice(sql, invoiceId, {
      amount: doc.amount,
      appliedToInvoice: doc.appliedToInvoice,
      at: issuedAt,
    })
    if (doc.toCredit > 0) await releaseAllocations(sql, invoiceId, doc.toCredit, issuedAt)
    const invoice = await invoiceNumberAndTotal(sql, invoiceId)
    await addLedgerEntry(sql, {
      organization,
      kind: 'credit_note',
      amount: -doc.amount,
      currency: doc.currency,
      reference: doc.number,
      reason: doc.reason,
      invoice: invoiceId,
      creditNote: doc.id,
      occurredAt: issuedAt,
      createdBy: userId(req),
    })
    const buyer = await buyerOf(sql, organization)
    const pdf = await renderCreditNotePdf({
      number: doc.number,
      issuedAt,
      invoiceNumber: invoice.number,
      invoiceTotal: Number(invoice.total),
      currency: doc.currency,
      amount: doc.amount,
      reason: doc.reason,
      buyer: {
        id: organization,
        title: buyer?.title ?? `#${organization}`,
        address: addressLines(buyer?.billing_address),
      },
      seller: sellerFromEnv(),
      timeZone: buyer?.timezone || 'UTC',
      locale: localeOr(invoice.locale),
    })
    await storeCreditNoteDocument(sql, doc.id, {
      filename: `${doc.number}.pdf`,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      data: pdf,
    })
    await recordEvent(sql, {
      type: 'credit_note.issued',
      organization,
      data: { creditNoteId: doc.id, number: doc.number, invoiceId, amount: doc.amount },
      occurredAt: issuedAt,
    })
    await settle(sql, { organizationId: organization, currency: doc.currency, now: issuedAt })
  })
  return doc
}
