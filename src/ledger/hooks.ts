import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, FieldHook } from 'payload'
import { relationId } from '../fields/relationId'
import { isMinorUnits } from '../billing/money'
import { now } from '../clock'
import { fieldError } from '../payments/errors'
import { userId } from '../payments/hooks'
import { availableCredit } from '../payments/settle'
import { balances } from './balance'
import { lockPayer } from './entries'
import { MANUAL_LEDGER_KINDS } from './kinds'
import { isRowId, sqlOf } from '../db'

const manual = MANUAL_LEDGER_KINDS as readonly string[]

/**
 * Entries staff enter by hand: an adjustment (either sign) or a refund (a debit paid back out of
 * the payer's credit), always with a reason. Invoice, payment and credit note entries come only
 * from their operations, which write them in their own transactions.
 */
export const checkManualEntry: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const kind = data.kind ?? 'adjustment'
  if (!manual.includes(kind)) {
    throw fieldError('ledger-entries', 'kind', `kind: ${kind} entries come from their operations; enter an adjustment or a refund.`)
  }
  if (typeof data.reason !== 'string' || data.reason.trim() === '') throw fieldError('ledger-entries', 'reason', 'reason: say why this entry is made.')
  if (!isMinorUnits(data.amount) || data.amount === 0) throw fieldError('ledger-entries', 'amount', 'amount: a non-zero whole number of minor units (+ debit, − credit).')
  if (kind === 'refund' && data.amount < 0) throw fieldError('ledger-entries', 'amount', 'amount: a refund pays credit back, so it is a debit (a positive amount).')
  const organizationId = relationId(data.organization)
  if (organizationId === undefined) throw fieldError('ledger-entries', 'organization', 'The payer organization is required.')
  if (!isRowId(organizationId)) throw fieldError('ledger-entries', 'organization', `Organization ${organizationId} does not exist.`)
  const sql = await sqlOf(req)
  await lockPayer(sql, organizationId)
  const organization = (await sql.query<{ title: string; currency: string; payer: string }>('select title, currency, payer from organizations where id = $1', [organizationId])).rows[0]
  if (!organization) throw fieldError('ledger-entries', 'organization', `Organization ${organizationId} does not exist.`)
  // only payers have a ledger that payments and invoices settle
  if (organization.payer === 'parent') {
    throw fieldError('ledger-entries', 'organization', `${organization.title} is billed through its parent organization: make the entry on the parent.`)
  }
  const currency = typeof data.currency === 'string' && data.currency ? data.currency.trim().toUpperCase() : organization.currency
  const known = await sql.query<{ currency: string }>(
    `select currency from invoices where organization_id = $1 and status in ('issued', 'paid') union select currency from ledger_entries where organization_id = $1`,
    [organizationId],
  )
  const billedIn = [...new Set([organization.currency, ...known.rows.map((row) => row.currency)])]
  if (!billedIn.includes(currency)) {
    // a balance in a currency the payer is not billed in could never be paid (payments are refused in it)
    throw fieldError('ledger-entries', 'currency', `currency: ${organization.title} is billed in ${billedIn.join(', ')}, not ${currency}.`)
  }
  if (kind === 'refund') {
    const credit = await availableCredit(sql, organizationId, currency)
    if (data.amount > credit) throw fieldError('ledger-entries', 'amount', `amount: the payer has ${credit} ${currency} of credit to refund.`)
  }
  const reverses = relationId(data.reverses)
  if (reverses !== undefined) {
    const original = isRowId(reverses)
      ? (await sql.query<{ organization_id: number; currency: string }>('select organization_id, currency from ledger_entries where id = $1', [reverses])).rows[0]
      : undefined
    if (!original || original.organization_id !== organizationId || original.currency !== currency) {
      throw fieldError('ledger-entries', 'reverses', 'reverses: an entry of the same payer and currency.')
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
}

/** A refund spends the payer's credit: the newest payments' unallocated amounts first. */
export const spendCreditOnRefund: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create' || doc.kind !== 'refund') return doc
  const sql = await sqlOf(req)
  const { rows } = await sql.query<{ id: number; unallocated: string }>(
    `select id, unallocated from payments where organization_id = $1 and currency = $2 and unallocated > 0 order by date desc, id desc for update`,
    [relationId(doc.organization), doc.currency],
  )
  let left = doc.amount as number
  for (const row of rows) {
    if (left === 0) break
    const taken = Math.min(left, Number(row.unallocated))
    await sql.query('update payments set unallocated = unallocated - $2, refunded = coalesce(refunded, 0) + $2 where id = $1', [row.id, taken])
    left -= taken
  }
  return doc
}

/** The organization's balance per currency (virtual; read-only): what it owes (+) or its credit (−). */
export const organizationBalance: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id)) return []
  return balances(req, id)
}
