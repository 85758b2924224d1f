'use client'

import { useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import type { JSONFieldClientComponent } from 'payload'
import { formatAdminURL } from 'payload/shared'
import { moneyText } from '../../billing/format'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import '../../admin/money-admin.scss'

interface BalanceRow {
  currency: string
  amount: number
}

const toRows = (value: unknown): BalanceRow[] =>
  Array.isArray(value)
    ? value.filter(
        (row): row is BalanceRow =>
          typeof row?.currency === 'string' && typeof row?.amount === 'number',
      )
    : []

/** The organization's balance per currency (read-only, from the ledger), with links to its money records. */
export const BalanceField: JSONFieldClientComponent = () => {
  const value = useFormFields(([fields]) => fields.balance?.value)
  const { id } = useDocumentInfo()
  const { locale, text: catalogue } = useAdminLanguage()
  const text = catalogue.money
  const {
    config: {
      routes: { admin },
    },
  } = useConfig()
  if (id === undefined || id === null || id === '') return null
  const rows = toRows(value)
  const list = (collection: string) =>
    formatAdminURL({
      adminRoute: admin,
      path: `/collections/${collection}?where[organization][equals]=${id}`,
    })
  return (
    <div className="money-field">
      <span className="money-field__label">{text.balance}</span>
      <div className="money-field__rows">
        {rows.length === 0 && <span className="money-field__muted">{text.noLedgerEntries}</span>}
        {rows.map((row) => (
          <div className="money-field__row" key={row.currency}>
            <span className="money-field__amount">
              {moneyText(Math.abs(row.amount), row.currency, locale)}
            </span>
            <span className="money-field__muted">
              {row.amount > 0 ? text.owed : row.amount < 0 ? text.credit : text.settled}
            </span>
          </div>
        ))}
      </div>
      <div className="money-field__links">
        <a href={list('ledger-entries')}>{text.ledger}</a>
        <a href={list('payments')}>{text.payments}</a>
        <a href={list('credit-notes')}>{text.creditNotes}</a>
      </div>
    </div>
  )
}
