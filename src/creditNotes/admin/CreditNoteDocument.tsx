'use client'

import { useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import type { UIFieldClientComponent } from 'payload'
import { formatAdminURL } from 'payload/shared'
import { moneyText } from '../../billing/format'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import '../../admin/money-admin.scss'

/** Head of a stored credit note: number, amount and its PDF; nothing while it is being created. */
export const CreditNoteDocument: UIFieldClientComponent = () => {
  const number = useFormFields(([fields]) => fields.number?.value)
  const amount = useFormFields(([fields]) => fields.amount?.value)
  const currency = useFormFields(([fields]) => fields.currency?.value)
  const { id } = useDocumentInfo()
  const { locale, text: catalogue } = useAdminLanguage()
  const text = catalogue.money
  const {
    config: {
      routes: { api },
      serverURL,
    },
  } = useConfig()
  if (id === undefined || id === null || id === '') {
    return <p className="money-field__muted">{text.creditNoteBeforeSave}</p>
  }
  return (
    <div className="money-field">
      <div className="money-field__row">
        <span className="money-field__amount">
          {typeof number === 'string' ? number : text.creditNote({ id: String(id) })}
        </span>
        <span>{moneyText(amount, currency, locale)}</span>
        <a
          href={formatAdminURL({ apiRoute: api, serverURL, path: `/credit-notes/${id}/pdf` })}
          target="_blank"
          rel="noreferrer"
        >
          {catalogue.invoiceActions.pdf}
        </a>
      </div>
    </div>
  )
}
