'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import type { UIFieldClientComponent } from 'payload'
import { useEffect, useState } from 'react'
import { taxRateText } from '../../billing/format'
import { hasRole } from '../../access/roles'
import { InvoiceStatusPill } from './InvoiceCells'
import { isOverdue, moneyText, toInvoiceStatus } from './format'
import './invoice-admin.scss'

/** Formats a day in the browser's zone and locale only after hydration, so the server's never shows. */
function useLocalDay(iso: unknown): string | null {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  if (typeof iso !== 'string' || !iso) return null
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  if (!mounted) return date.toISOString().slice(0, 10)
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' })
}

// why the fields cannot be saved any more (the Save button is gone), for staff
const frozenHints = {
  issued: 'Frozen since issued: record a payment, add a credit note, or void it.',
  paid: 'Paid; a credit note can still credit it.',
  void: 'Final: void, kept for the records.',
} as const

/** The current form value of a top-level field (unsaved edits of a draft included). */
const useFieldValue = (path: string): unknown => useFormFields(([fields]) => fields[path]?.value)

/** An amount of the summary with its label; the total and the due amount stand out. */
function Amount({ label, total, children }: { label: string; total?: boolean; children: string }) {
  return (
    <span className={total ? 'invoice-summary__total' : undefined}>
      <span className="invoice-summary__label">{label}</span> {children}
    </span>
  )
}

const Dot = () => (
  <span className="invoice-summary__dot" aria-hidden>
    ·
  </span>
)

/**
 * The head of the invoice form: status, number and the amounts in the invoice currency (the
 * fields below hold integer minor units).
 */
export const InvoiceSummary: UIFieldClientComponent = () => {
  const status = toInvoiceStatus(useFieldValue('status'))
  const number = useFieldValue('number')
  const period = useFieldValue('period')
  const currency = useFieldValue('currency')
  const subtotal = useFieldValue('subtotal')
  const tax = useFieldValue('tax')
  const total = useFieldValue('total')
  const taxRateBp = useFieldValue('taxRateBp')
  const dueAt = useFieldValue('dueAt')
  const paidAt = useFieldValue('paidAt')
  const reference = useFieldValue('paymentReference')
  const amountPaid = useFieldValue('amountPaid')
  const amountCredited = useFieldValue('amountCredited')
  const amountDue = useFieldValue('amountDue')
  // an array field's form value is its row count
  const lineCount = useFieldValue('lines')

  const { user } = useAuth()
  const staff = hasRole(user, 'admin', 'accountant')
  const due = useLocalDay(dueAt)
  const paid = useLocalDay(paidAt)
  const taxRate = taxRateText(taxRateBp)
  const overdue = isOverdue(status, dueAt)

  return (
    <div className="invoice-summary">
      <div className="invoice-summary__head">
        <InvoiceStatusPill status={status} overdue={overdue} />
        <span className="invoice-summary__number">
          {typeof number === 'string' && number ? number : 'No number until issued'}
        </span>
        {typeof period === 'string' && period && (
          <span className="invoice-summary__muted">Period {period}</span>
        )}
        {typeof lineCount === 'number' && (
          <span className="invoice-summary__muted">
            {lineCount} {lineCount === 1 ? 'line' : 'lines'}
          </span>
        )}
      </div>
      <div className="invoice-summary__amounts">
        <Amount label="Subtotal">{moneyText(subtotal, currency)}</Amount>
        <Dot />
        <Amount label={`Tax${taxRate ? ` ${taxRate}` : ''}`}>{moneyText(tax, currency)}</Amount>
        <Dot />
        <Amount label="Total" total>
          {moneyText(total, currency)}
        </Amount>
      </div>
      {(status === 'issued' || status === 'paid') && typeof amountDue === 'number' && (
        <div className="invoice-summary__amounts">
          <Amount label="Paid">{moneyText(amountPaid ?? 0, currency)}</Amount>
          {typeof amountCredited === 'number' && amountCredited > 0 && (
            <>
              <Dot />
              <Amount label="Credited">{moneyText(amountCredited, currency)}</Amount>
            </>
          )}
          <Dot />
          <Amount label="Due" total>
            {moneyText(amountDue, currency)}
          </Amount>
        </div>
      )}
      {((due && status !== 'void') || paid || (staff && status && status !== 'draft')) && (
        <div className="invoice-summary__dates">
          {due && status !== 'void' && (
            <span className={overdue ? 'invoice-summary__overdue' : undefined}>Due {due}</span>
          )}
          {paid && (
            <span>
              Paid {paid}
              {typeof reference === 'string' && reference ? `, reference ${reference}` : ''}
            </span>
          )}
          {staff && status && status !== 'draft' && <span>{frozenHints[status]}</span>}
        </div>
      )}
    </div>
  )
}
