'use client'

import { useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import type { JSONFieldClientComponent } from 'payload'
import { formatAdminURL } from 'payload/shared'
import { moneyText } from '../../billing/format'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import '../../admin/money-admin.scss'

interface AllocationRow {
  payment: number
  amount: number
  date: string
  reference: string | null
}

const toRows = (value: unknown): AllocationRow[] =>
  Array.isArray(value)
    ? value.filter(
        (row): row is AllocationRow =>
          typeof row?.payment === 'number' && typeof row?.amount === 'number',
      )
    : []

/** The payments allocated to the invoice (partial payments included) and a link to its credit notes. */
export const InvoiceAllocationsField: JSONFieldClientComponent = () => {
  const value = useFormFields(([fields]) => fields.allocations?.value)
  const currency = useFormFields(([fields]) => fields.currency?.value)
  const status = useFormFields(([fields]) => fields.status?.value)
  const { id } = useDocumentInfo()
  const { locale, text: catalogue } = useAdminLanguage()
  const text = catalogue.money
  const {
    config: {
      routes: { admin },
    },
  } = useConfig()
  if (id === undefined || id === null || id === '' || status === 'draft') return null
  const rows = toRows(value)
  return (
    <div className="money-field">
      <span className="money-field__label">{text.payments}</span>
      <div className="money-field__rows">
        {rows.length === 0 && <span className="money-field__muted">{text.noPayments}</span>}
        {rows.map((row) => (
          <div className="money-field__row" key={row.payment}>
            <a
              href={formatAdminURL({
                adminRoute: admin,
                path: `/collections/payments/${row.payment}`,
              })}
            >
              {text.payment({ id: row.payment })}
            </a>
            <span className="money-field__amount">{moneyText(row.amount, currency, locale)}</span>
            <span className="money-field__muted">
              {row.date.slice(0, 10)}
              {row.reference ? ` · ${row.reference}` : ''}
            </span>
          </div>
        ))}
      </div>
      <div className="money-field__links">
        <a
          href={formatAdminURL({
            adminRoute: admin,
            path: `/collections/credit-notes?where[invoice][equals]=${id}`,
          })}
        >
          {text.creditNotes}
        </a>
        {(status === 'issued' || status === 'paid') && (
          <a href={formatAdminURL({ adminRoute: admin, path: `/collections/credit-notes/create` })}>
            {text.newCreditNote}
          </a>
        )}
      </div>
    </div>
  )
}
