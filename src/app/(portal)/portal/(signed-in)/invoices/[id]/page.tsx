import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { taxRateText } from '../../../../../../billing/format'
import {
  idOf,
  readableInvoice,
  readableOrganization,
  formatDate,
  formatPeriod,
  money,
  twoDecimals,
  requireSession,
  StatusBadge,
} from '../../../../../../portal'

export const metadata: Metadata = { title: 'Invoice' }

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const { payload, user } = await requireSession()
  // read as the user: another organization's invoice is simply not found
  const invoice = await readableInvoice(payload, user, id)
  if (!invoice) notFound()
  const organizationId = idOf(invoice.organization as number | { id: number })
  const organization = organizationId
    ? await readableOrganization(payload, user, String(organizationId))
    : null
  const timeZone = organization?.timezone || 'UTC'
  const lines = invoice.lines ?? []
  const title = invoice.number ? `Invoice ${invoice.number}` : `Draft invoice #${invoice.id}`
  const taxPercent =
    typeof invoice.taxRateBp === 'number' ? ` (${taxRateText(invoice.taxRateBp)})` : ''
  return (
    <article aria-labelledby="invoice-heading">
      <p>
        <a href="/portal/invoices">← All invoices</a>
      </p>
      <div className="card">
        <div className="invoice-head">
          <div>
            <h1 id="invoice-heading">{title}</h1>
            <dl className="meta">
              <dt>Payer</dt>
              <dd>
                {organization ? (
                  <a href={`/portal/o/${organization.id}`}>{organization.title}</a>
                ) : (
                  '—'
                )}
              </dd>
              <dt>Period</dt>
              <dd>{formatPeriod(invoice.period)}</dd>
              <dt>Status</dt>
              <dd>
                <StatusBadge status={invoice.status} />
              </dd>
              <dt>Issued</dt>
              <dd>{formatDate(invoice.issuedAt, timeZone)}</dd>
              <dt>Due</dt>
              <dd>{formatDate(invoice.dueAt, timeZone)}</dd>
              {invoice.paidAt ? (
                <>
                  <dt>Paid</dt>
                  <dd>{formatDate(invoice.paidAt, timeZone)}</dd>
                </>
              ) : null}
            </dl>
          </div>
          <div className="actions">
            <a className="button" href={`/api/invoices/${invoice.id}/pdf`} download>
              Download PDF
            </a>
          </div>
        </div>
        {invoice.status === 'draft' ? (
          <p className="note">A draft: amounts may still change until the invoice is issued.</p>
        ) : null}
      </div>

      <section className="card" aria-labelledby="lines-heading">
        <h2 id="lines-heading">Lines</h2>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Invoice lines and totals</caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Camera-days
                </th>
                <th scope="col" className="num">
                  Monthly price per camera
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    No lines.
                  </td>
                </tr>
              ) : (
                lines.map((line, index) => (
                  <tr key={line.id ?? index}>
                    <td>{line.description || '—'}</td>
                    <td className="num">{twoDecimals(line.cameraDays)}</td>
                    <td className="num">{money(line.unitPrice, invoice.currency)}</td>
                    <td className="num">{money(line.amount, invoice.currency)}</td>
                  </tr>
                ))
              )}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3} className="num">
                  Subtotal
                </th>
                <td className="num">{money(invoice.subtotal, invoice.currency)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3} className="num">
                  Tax{taxPercent}
                </th>
                <td className="num">{money(invoice.tax, invoice.currency)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3} className="num">
                  Total
                </th>
                <td className="num">{money(invoice.total, invoice.currency)}</td>
              </tr>
              {invoice.status === 'issued' || invoice.status === 'paid' ? (
                <>
                  <tr>
                    <th scope="row" colSpan={3} className="num">
                      Paid
                    </th>
                    <td className="num">{money(invoice.amountPaid ?? 0, invoice.currency)}</td>
                  </tr>
                  {invoice.amountCredited ? (
                    <tr>
                      <th scope="row" colSpan={3} className="num">
                        Credited
                      </th>
                      <td className="num">{money(invoice.amountCredited, invoice.currency)}</td>
                    </tr>
                  ) : null}
                  <tr>
                    <th scope="row" colSpan={3} className="num">
                      Amount due
                    </th>
                    <td className="num">{money(invoice.amountDue ?? 0, invoice.currency)}</td>
                  </tr>
                </>
              ) : null}
            </tfoot>
          </table>
        </div>
      </section>
    </article>
  )
}
