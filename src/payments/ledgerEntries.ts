import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'
import { relationId } from '../fields/relationId'
import { isMinorUnits } from '../billing/money'
import { now } from '../clock'
import { isRowId, lockPayer, withTransaction } from '../db'
import { entryOwner, ledgerCurrencies, MANUAL_LEDGER_KINDS } from '../ledger'
import { fieldError } from './errors'
import { userId } from './hooks'
import {
  availableCredit,
  billedInvoiceCurrencies,
  lockCreditNewestFirst,
  payerRow,
  refundFromPayment,
} from './store'

const manual = MANUAL_LEDGER_KINDS as readonly string[]

/**
 * The ledger-entries collection's hooks live with payments, not in src/ledger: a refund spends
 * the payer's payment credit, and the ledger stays below payments (payments write ledger entries).
 *
 * Entries staff enter by hand: an adjustment (either sign) or a refund (a debit paid back out of
 * the payer's credit), always with a reason. Invoice, payment and credit note entries come only
 * from their operations, which write them in their own transactions.
 */
export const checkManualEntry: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const kind = data.kind ?? 'adjustment'
  if (!manual.includes(kind)) {
    throw fieldError(
      'ledger-entries',
      'kind',
      `kind: ${kind} entries come from their operations; enter an adjustment or a refund.`,
    )
  }
  if (typeof data.reason !== 'string' || data.reason.trim() === '')
    throw fieldError('ledger-entries', 'reason', 'reason: say why this entry is made.')
  if (!isMinorUnits(data.amount) || data.amount === 0)
    throw fieldError(
      'ledger-entries',
      'amount',
      'amount: a non-zero whole number of minor units (+ debit, − credit).',
    )
  if (kind === 'refund' && data.amount < 0)
    throw fieldError(
      'ledger-entries',
      'amount',
      'amount: a refund pays credit back, so it is a debit (a positive amount).',
    )
  const organizationId = relationId(data.organization)
  if (organizationId === undefined)
    throw fieldError('ledger-entries', 'organization', 'The payer organization is required.')
  if (!isRowId(organizationId))
    throw fieldError(
      'ledger-entries',
      'organization',
      `Organization ${organizationId} does not exist.`,
    )
  return withTransaction(req, async ({ sql }) => {
    await lockPayer(sql, organizationId)
    const organization = await payerRow(sql, organizationId)
    if (!organization)
      throw fieldError(
        'ledger-entries',
        'organization',
        `Organization ${organizationId} does not exist.`,
      )
    // only payers have a ledger that payments and invoices settle
    if (organization.payer === 'parent') {
      throw fieldError(
        'ledger-entries',
        'organization',
        `${organization.title} is billed through its parent organization: make the entry on the parent.`,
      )
    }
    const currency =
      typeof data.currency === 'string' && data.currency
        ? data.currency.trim().toUpperCase()
        : organization.currency
    const known = [
      ...(await billedInvoiceCurrencies(sql, organizationId)),
      ...(await ledgerCurrencies(sql, organizationId)),
    ]
    const billedIn = [...new Set([organization.currency, ...known])]
    if (!billedIn.includes(currency)) {
      // a balance in a currency the payer is not billed in could never be paid (payments are refused in it)
      throw fieldError(
        'ledger-entries',
        'currency',
        `currency: ${organization.title} is billed in ${billedIn.join(', ')}, not ${currency}.`,
      )
    }
    if (kind === 'refund') {
      const credit = await availableCredit(sql, organizationId, currency)
      if (data.amount > credit)
        throw fieldError(
          'ledger-entries',
          'amount',
          `amount: the payer has ${credit} ${currency} of credit to refund.`,
        )
    }
    const reverses = relationId(data.reverses)
    if (reverses !== undefined) {
      const original = isRowId(reverses) ? await entryOwner(sql, reverses) : undefined
      if (
        !original ||
        original.organization_id !== organizationId ||
        original.currency !== currency
      ) {
        throw fieldError(
          'ledger-entries',
          'reverses',
          'reverses: an entry of the same payer and currency.',
        )
      }
    }
    return {
      ...data,
      kind,
      currency,
      reason: data.reason.trim(),
      invoice: null,
      payment: null,
      creditNote: null,
      occurredAt: now().toISOString(),
      createdBy: userId(req),
    }
  })
}

/** A refund spends the payer's credit: the newest payments' unallocated amounts first. */
export const spendCreditOnRefund: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create' || doc.kind !== 'refund') return doc
  await withTransaction(req, async ({ sql }) => {
    const rows = await lockCreditNewestFirst(sql, relationId(doc.organization)!, doc.currency)
    let left = doc.amount as number
    for (const row of rows) {
      if (left === 0) break
      const taken = Math.min(left, Number(row.unallocated))
      await refundFromPayment(sql, row.id, taken)
      left -= taken
    }
  })
  return doc
}
