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
}: {
  invoices: Row[]
  caption: string
  organizationTitles?: Map<number, string>
  timeZone?: string
}) {
  if (invoices.length === 0) return <p className="muted">No invoices yet.</p>
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            {organizationTitles ? <th scope="col">Payer</th> : null}
            <th scope="col">Period</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Amount due
            </th>
            <th scope="col">Due</th>
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
                    {invoice.number || `Draft #${invoice.id}`}
                  </a>
                </th>
                {organizationTitles ? (
                  <td>{organizationTitles.get(organizationId) ?? `#${organizationId}`}</td>
                ) : null}
                <td>{formatPeriod(invoice.period)}</td>
                <td>
                  <StatusBadge status={invoice.status} />
                </td>
                <td className="num">{money(invoice.total, invoice.currency)}</td>
                <td className="num">
                  {amountLeft(invoice) === undefined
                    ? '—'
                    : money(amountLeft(invoice)!, invoice.currency)}
                </td>
                <td>{formatDate(invoice.dueAt, timeZone)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
