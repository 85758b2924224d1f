'use client'

import { DefaultCell, useFormFields, useRowLabel } from '@payloadcms/ui'
import type { DefaultCellComponentProps } from 'payload'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import { isOverdue, moneyText, toInvoiceStatus } from './format'
import './invoice-admin.scss'

export function InvoiceStatusPill({
  status,
  overdue = false,
}: {
  status: unknown
  overdue?: boolean
}) {
  const { text } = useAdminLanguage()
  const known = toInvoiceStatus(status)
  if (!known) return <span className="invoice-pill">{String(status ?? '—')}</span>
  return (
    <span className={`invoice-pill invoice-pill--${overdue ? 'overdue' : known}`}>
      {text.options.invoiceStatus[known]}
      {overdue ? ` · ${text.invoiceSummary.overdue}` : ''}
    </span>
  )
}

/** The status column of the invoice list: the option's label as a coloured pill. */
export const InvoiceStatusCell = ({ cellData, rowData }: DefaultCellComponentProps) => (
  <InvoiceStatusPill
    status={cellData}
    overdue={isOverdue(toInvoiceStatus(cellData), rowData?.dueAt)}
  />
)

/** A money column of the invoice list: minor units shown in the row's currency. */
export const InvoiceMoneyCell = ({ cellData, rowData }: DefaultCellComponentProps) => {
  const { locale } = useAdminLanguage()
  return (
    <span className="invoice-money-cell">{moneyText(cellData, rowData?.currency, locale)}</span>
  )
}

/** The number column (the link to the invoice): a draft, which has no number yet, by its id. */
export const InvoiceNumberCell = (props: DefaultCellComponentProps) => {
  const { cellData, rowData } = props
  const { text } = useAdminLanguage()
  if (typeof cellData === 'string' && cellData) return <DefaultCell {...props} />
  return (
    <DefaultCell
      {...props}
      cellData={text.invoiceSummary.draftNumber({ id: String(rowData?.id) })}
      className="invoice-number-cell--draft"
    />
  )
}

interface InvoiceLineRow {
  description?: string | null
  amount?: number | null
}

/** An invoice line's row label: its description and amount, e.g. "Basic 7, 1–30 Sep 2026 · $3.00". */
export const InvoiceLineLabel = () => {
  const { data, rowNumber } = useRowLabel<InvoiceLineRow>()
  const { locale, text } = useAdminLanguage()
  const currency = useFormFields(([fields]) => fields.currency?.value)
  const position = String((rowNumber ?? 0) + 1).padStart(2, '0')
  return (
    <span className="invoice-line-label">
      <span className="invoice-line-label__position">{position}</span>
      <span className="invoice-line-label__description">
        {data?.description || text.invoiceSummary.line}
      </span>
      <span className="invoice-line-label__amount">
        {moneyText(data?.amount, currency, locale)}
      </span>
    </span>
  )
}
