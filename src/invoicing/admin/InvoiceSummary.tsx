'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import type { UIFieldClientComponent } from 'payload'
import { useEffect, useState } from 'react'
import { taxRateText } from '../../billing/format'
import { hasRole } from '../../access/roles'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import { INTL, type Locale } from '../../i18n'
import { InvoiceStatusPill } from './InvoiceCells'
import { isOverdue, moneyText, toInvoiceStatus } from './format'
import './invoice-admin.scss'

/** Formats a day in the browser's zone, in the admin's language, only after hydration, so the server's never shows. */
function useLocalDay(iso: unknown, locale: Locale): string | null {
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  if (typeof iso !== 'string' || !iso) return null
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  if (!mounted) return date.toISOString().slice(0, 10)
  return date.toLocaleDateString(INTL[locale].longDates, { dateStyle: 'medium' })
}

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
  const { locale, text: admin } = useAdminLanguage()
  const text = admin.invoiceSummary
  const money = (amount: unknown) => moneyText(amount, currency, locale)
  // why the fields cannot be saved any more (the Save button is gone), for staff
  const frozenHints = { issued: text.frozenIssued, paid: text.frozenPaid, void: text.frozenVoid }
  const staff = hasRole(user, 'admin', 'accountant')
  const due = useLocalDay(dueAt, locale)
  const paid = useLocalDay(paidAt, locale)
  const taxRate = taxRateText(taxRateBp, locale)
  const overdue = isOverdue(status, dueAt)

  return (
    <div className="invoice-summary">
      <div className="invoice-summary__head">
        <InvoiceStatusPill status={status} overdue={overdue} />
        <span className="invoice-summary__number">
          {typeof number === 'string' && number ? number : text.noNumber}
        </span>
        {typeof period === 'string' && period && (
          <span className="invoice-summary__muted">{text.period({ period })}</span>
        )}
        {typeof lineCount === 'number' && (
          <span className="invoice-summary__muted">{text.lines({ count: lineCount })}</span>
        )}
      </div>
      <div className="invoice-summary__amounts">
        <Amount label={text.subtotal}>{money(subtotal)}</Amount>
        <Dot />
        <Amount label={text.tax({ rate: taxRate ?? '' })}>{money(tax)}</Amount>
        <Dot />
        <Amount label={text.total} total>
          {money(total)}
        </Amount>
      </div>
      {(status === 'issued' || status === 'paid') && typeof amountDue === 'number' && (
        <div className="invoice-summary__amounts">
          <Amount label={text.paid}>{money(amountPaid ?? 0)}</Amount>
          {typeof amountCredited === 'number' && amountCredited > 0 && (
            <>
              <Dot />
              <Amount label={text.credited}>{money(amountCredited)}</Amount>
            </>
          )}
          <Dot />
          <Amount label={text.due} total>
            {money(amountDue)}
          </Amount>
        </div>
      )}
      {((due && status !== 'void') || paid || (staff && status && status !== 'draft')) && (
        <div className="invoice-summary__dates">
          {due && status !== 'void' && (
            <span className={overdue ? 'invoice-summary__overdue' : undefined}>
              {text.dueOn({ day: due })}
            </span>
          )}
          {paid && (
            <span>
              {text.paidOn({
                day: paid,
                reference: typeof reference === 'string' ? reference : '',
              })}
            </span>
          )}
          {staff && status && status !== 'draft' && <span>{frozenHints[status]}</span>}
        </div>
      )}
    </div>
  )
}
