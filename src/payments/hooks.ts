import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, CollectionBeforeValidateHook, PayloadRequest } from 'payload'
import { relationId } from '../fields/relationId'
import { isMinorUnits } from '../billing/money'
import { now } from '../clock'
import { recordEvent } from '../events/record'
import { addLedgerEntry, lockPayer } from '../ledger/entries'
import { isRowId, sqlOf, type Sql } from '../db'
import { fieldError, stateError } from './errors'
import { settle } from './settle'

/** req.context key: the invoice a payment is recorded for (POST /api/invoices/<id>/pay) is covered first. */
export const PAY_INVOICE_FIRST = 'payInvoiceFirst'

export const userId = (req: PayloadRequest): number | null =>
  req.user && req.user.collection === 'users' ? Number(req.user.id) : null

interface PayerRow {
  id: number
  title: string
  currency: string
  payer: string
}

async function payer(sql: Sql, id: number): Promise<PayerRow | undefined> {
  const { rows } = await sql.query<PayerRow>('select id, title, currency, payer from organizations where id = $1', [id])
  return rows[0]
}

/** A payment without a date is dated now; without a currency it takes the payer's. */
export const defaultDateAndCurrency: CollectionBeforeValidateHook = async ({ data, operation, req }) => {
  if (operation !== 'create' || !data) return data
  data.date ??= now().toISOString()
  const organizationId = relationId(data.organization)
  if (!data.currency && organizationId !== undefined && isRowId(organizationId)) {
    const found = await payer(await sqlOf(req), organizationId)
    if (found) data.currency = found.currency
  }
  return data
}

/**
 * The checks every recorded payment passes (admin, REST, GraphQL, webhook): a payer that pays
 * for itself, in a currency it is billed in. Locks the payer for the rest of the transaction,
 * and starts the payment with everything unallocated; the operations own allocations.
 */
export const checkPayerAndCurrency: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const organizationId = relationId(data.organization)
  if (organizationId === undefined) throw fieldError('payments', 'organization', 'The payer organization is required.')
  if (!isRowId(organizationId)) throw fieldError('payments', 'organization', `Organization ${organizationId} does not exist.`)
  const sql = await sqlOf(req)
  await lockPayer(sql, organizationId)
  const organization = await payer(sql, organizationId)
  if (!organization) throw fieldError('payments', 'organization', `Organization ${organizationId} does not exist.`)
  if (organization.payer === 'parent') {
    throw fieldError('payments', 'organization', `${organization.title} is billed through its parent organization: record the payment on the parent.`)
  }
  const open = await sql.query<{ currency: string }>(`select distinct currency from invoices where organization_id = $1 and status = 'issued'`, [organizationId])
  const billedIn = [...new Set([organization.currency, ...open.rows.map((row) => row.currency)])]
  const currency = typeof data.currency === 'string' ? data.currency.trim().toUpperCase() : data.currency
  if (!billedIn.includes(currency)) {
    throw fieldError(
      'payments',
      'currency',
      `currency: ${organization.title} is billed in ${billedIn.join(', ')}; a payment in ${String(currency)} cannot be allocated. Record it in ${billedIn.join(' or ')}.`,
    )
  }
  const first = req.context[PAY_INVOICE_FIRST]
  if (typeof first === 'number') {
    // Record payment on an invoice: checked again under the payer lock, so a double submit (or two
    // people paying the same invoice) records one payment, not a second one turned into credit
    const { rows } = await sql.query<{ status: string; number: string | null; due: string }>(
      'select status, number, coalesce(amount_due, total) as due from invoices where id = $1 and organization_id = $2',
      [first, organizationId],
    )
    const target = rows[0]
    if (!target || target.status !== 'issued' || Number(target.due) <= 0) {
      throw stateError(`invoice ${target?.number ?? first} is ${target?.status ?? 'not this payer’s'}: nothing is due on it any more`)
    }
    if (isMinorUnits(data.amount) && data.amount > Number(target.due)) {
      throw stateError(`invoice ${target.number ?? first} now has ${target.due} due, less than ${data.amount}: reload it and pay what is due`)
    }
  }
  return {
    ...data,
    currency,
    allocations: [],
    unallocated: isMinorUnits(data.amount) ? data.amount : undefined,
    refunded: 0,
    createdBy: userId(req),
  }
}

/**
 * In the payment's transaction: the ledger credit, `payment.received`, then the allocation to
 * the oldest open invoices (invoices fully covered become paid). Answers the payment as stored.
 */
export const allocateAndRecord: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create') return doc
  const sql = await sqlOf(req)
  const organization = relationId(doc.organization)!
  const at = now()
  await addLedgerEntry(sql, {
    organization,
    kind: 'payment',
    amount: -doc.amount,
    currency: doc.currency,
    reference: doc.reference ?? null,
    payment: doc.id,
    occurredAt: new Date(doc.date),
    createdBy: userId(req),
  })
  await recordEvent(sql, {
    type: 'payment.received',
    organization,
    data: { paymentId: doc.id, amount: doc.amount, currency: doc.currency, reference: doc.reference ?? null },
    occurredAt: at,
  })
  const first = req.context[PAY_INVOICE_FIRST]
  await settle(sql, { organizationId: organization, currency: doc.currency, now: at, first: typeof first === 'number' ? first : undefined })
  return { ...doc, ...(await storedAllocations(sql, doc.id)) }
}

export async function storedAllocations(sql: Sql, paymentId: number) {
  const rows = await sql.query<{ id: string; invoice_id: number; amount: string }>(
    'select id, invoice_id, amount from payments_allocations where _parent_id = $1 order by _order',
    [paymentId],
  )
  const payment = await sql.query<{ unallocated: string }>('select unallocated from payments where id = $1', [paymentId])
  return {
    allocations: rows.rows.map((row) => ({ id: row.id, invoice: row.invoice_id, amount: Number(row.amount) })),
    unallocated: Number(payment.rows[0]?.unallocated ?? 0),
  }
}
