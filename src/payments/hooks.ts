import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionBeforeValidateHook,
  PayloadRequest,
} from 'payload'
import { relationId } from '../fields/relationId'
import { isMinorUnits } from '../billing/money'
import { now } from '../clock'
import { ledgerEntryStatement } from '../ledger'
import { isRowId, lockPayer, withTransaction } from '../db'
import { noteDunningStage } from '../dunning'
import { fieldError, stateError } from './errors'
import { settleCredit } from './settle'
import { payerOfPayment, payerRow } from './store'

/** req.context key: the invoice a payment is recorded for (POST /api/invoices/<id>/pay) is covered first. */
export const PAY_INVOICE_FIRST = 'payInvoiceFirst'

/**
 * req.context key: the payer (an organization id) whose lock the payment's transaction already
 * holds (recordPayment takes it with the Idempotency-Key claim), so the checks do not lock again.
 */
export const PAYER_LOCKED = 'payerLocked'

export const userId = (req: PayloadRequest): number | null =>
  req.user && req.user.collection === 'users' ? Number(req.user.id) : null

/** A payment without a date is dated now; without a currency it takes the payer's. */
export const defaultDateAndCurrency: CollectionBeforeValidateHook = async ({
  data,
  operation,
  req,
}) => {
  if (operation !== 'create' || !data) return data
  data.date ??= now().toISOString()
  const organizationId = relationId(data.organization)
  if (!data.currency && organizationId !== undefined && isRowId(organizationId)) {
    const found = await withTransaction(req, ({ sql }) => payerRow(sql, organizationId))
    if (found) data.currency = found.currency
  }
  return data
}

/**
 * The checks every recorded payment passes (admin, REST, GraphQL, webhook): a payer that pays
 * for itself, in a currency it is billed in. Locks the payer for the rest of the transaction,
 * and starts the payment with everything unallocated; the operations own allocations.
 */
export const checkPayerAndCurrency: CollectionBeforeChangeHook = async ({
  data,
  operation,
  req,
}) => {
  if (operation !== 'create') return data
  const organizationId = relationId(data.organization)
  if (organizationId === undefined)
    throw fieldError('payments', 'organization', 'The payer organization is required.')
  if (!isRowId(organizationId))
    throw fieldError('payments', 'organization', `Organization ${organizationId} does not exist.`)
  const first = req.context[PAY_INVOICE_FIRST]
  return withTransaction(req, async ({ sql }) => {
    if (req.context[PAYER_LOCKED] !== organizationId) await lockPayer(sql, organizationId)
    // read after the lock: what a payment of the same payer committed meanwhile is seen
    const organization = await payerOfPayment(
      sql,
      organizationId,
      typeof first === 'number' ? first : null,
    )
    if (!organization)
      throw fieldError('payments', 'organization', `Organization ${organizationId} does not exist.`)
    if (organization.payer === 'parent') {
      throw fieldError(
        'payments',
        'organization',
        `${organization.title} is billed through its parent organization: record the payment on the parent.`,
      )
    }
    const billedIn = [...new Set([organization.currency, ...organization.issued_currencies])]
    const currency =
      typeof data.currency === 'string' ? data.currency.trim().toUpperCase() : data.currency
    if (!billedIn.includes(currency)) {
      throw fieldError(
        'payments',
        'currency',
        `currency: ${organization.title} is billed in ${billedIn.join(', ')}; a payment in ${String(currency)} cannot be allocated. Record it in ${billedIn.join(' or ')}.`,
      )
    }
    if (typeof first === 'number') {
      // Record payment on an invoice: checked again under the payer lock, so a double submit (or two
      // people paying the same invoice) records one payment, not a second one turned into credit
      const status = organization.first_status
      if (status !== 'issued' || Number(organization.first_due) <= 0) {
        throw stateError(
          `invoice ${organization.first_number ?? first} is ${status ?? 'not this payer’s'}: nothing is due on it any more`,
        )
      }
      if (isMinorUnits(data.amount) && data.amount > Number(organization.first_due)) {
        throw stateError(
          `invoice ${organization.first_number ?? first} now has ${organization.first_due} due, less than ${data.amount}: reload it and pay what is due`,
        )
      }
    }
    // read under the payer lock, for a payment that passed its checks: the restoration check after
    // it needs not read the stage again
    noteDunningStage(req, organizationId, organization.dunning_stage)
    return {
      ...data,
      currency,
      allocations: [],
      unallocated: isMinorUnits(data.amount) ? data.amount : undefined,
      refunded: 0,
      createdBy: userId(req),
    }
  })
}

/**
 * In the payment's transaction: the ledger credit, `payment.received`, then the allocation to
 * the oldest open invoices (invoices fully covered become paid). Answers the payment as stored:
 * its allocations are the settlement's (it was created with none), nothing is read back.
 */
export const allocateAndRecord: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create') return doc
  const organization = relationId(doc.organization)!
  const at = now()
  return withTransaction(req, async ({ sql }) => {
    const first = req.context[PAY_INVOICE_FIRST]
    const { allocations } = await settleCredit(sql, {
      organizationId: organization,
      currency: doc.currency,
      now: at,
      first: typeof first === 'number' ? first : undefined,
      // the credit is written in the same round trip as the settlement's read
      alongside: [
        ledgerEntryStatement({
          organization,
          kind: 'payment',
          amount: -doc.amount,
          currency: doc.currency,
          reference: doc.reference ?? null,
          payment: doc.id,
          occurredAt: new Date(doc.date),
          createdBy: userId(req),
        }),
      ],
      events: [
        {
          type: 'payment.received',
          organization,
          data: {
            paymentId: doc.id,
            amount: doc.amount,
            currency: doc.currency,
            reference: doc.reference ?? null,
          },
          occurredAt: at,
        },
      ],
    })
    const own = allocations.filter((allocation) => allocation.paymentId === doc.id)
    return {
      ...doc,
      allocations: own.map((allocation) => ({
        id: allocation.rowId,
        invoice: allocation.invoiceId,
        amount: allocation.amount,
      })),
      unallocated: doc.amount - own.reduce((sum, allocation) => sum + allocation.amount, 0),
    }
  })
}
