import { messages, type Locale } from '../i18n'
import type { Invoice } from '../payload-types'
import { amountLeft, formatDate, formatPeriod, money } from './format'
import { StatusBadge } from './StatusBadge'

type Row = Pick<
  Invoice,
  'id' | 'period' | 'status' | 'number' | 'total' | 'currency' | 'dueAt' | 'organization'
> &
  Partial<Pick<Invoice, 'amountDue'>>

/** Invoices as a table: each links to its page; the organization column only when asked. */
export function InvoiceTable({
  invoices,
  caption,
  organizationTitles,
  timeZone = 'UTC',
  locale,
}: {
  invoices: Row[]
  caption: string
  organizationTitles?: Map<number, string>
  timeZone?: string
  locale: Locale
}) {
  const t = messages(locale).portal.invoices
  if (invoices.length === 0) return <p className="muted">{t.none}</p>
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.invoice}</th>
            {organizationTitles ? <th scope="col">{t.payer}</th> : null}
            <th scope="col">{t.period}</th>
            <th scope="col">{t.status}</th>
            <th scope="col" className="num">
              {t.total}
            </th>
            <th scope="col" className="num">
              {t.amountDue}
            </th>
            <th scope="col">{t.due}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => {
            const organizationId =
              typeof invoice.organization === 'object'
                ? invoice.organization.id
                : invoice.organization
            return (
              <tr key={invoice.id}>
                <th scope="row">
                  <a href={`/portal/invoices/${invoice.id}`}>
                    {invoice.number || t.draftNumber({ id: invoice.id })}
                  </a>
                </th>
                {organizationTitles ? (
                  <td>{organizationTitles.get(organizationId) ?? `#${organizationId}`}</td>
                ) : null}
                <td>{formatPeriod(invoice.period, locale)}</td>
                <td>
                  <StatusBadge status={invoice.status} locale={locale} />
                </td>
                <td className="num">{money(invoice.total, invoice.currency, locale)}</td>
                <td className="num">
                  {amountLeft(invoice) === undefined
                    ? '—'
                    : money(amountLeft(invoice)!, invoice.currency, locale)}
                </td>
                <td>{formatDate(invoice.dueAt, timeZone, locale)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
