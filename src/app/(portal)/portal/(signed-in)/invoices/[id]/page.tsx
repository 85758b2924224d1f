import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { taxRateText } from '../../../../../../billing/format'
import {
  idOf,
  InvoiceUsage,
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

/** A row of the invoice's totals under the lines: the label right-aligned over three columns. */
function TotalRow({ label, amount }: { label: string; amount: string }) {
  return (
    <tr>
      <th scope="row" colSpan={3} className="num">
        {label}
      </th>
      <td className="num">{amount}</td>
    </tr>
  )
}

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
              <TotalRow label="Subtotal" amount={money(invoice.subtotal, invoice.currency)} />
              <TotalRow label={`Tax${taxPercent}`} amount={money(invoice.tax, invoice.currency)} />
              <TotalRow label="Total" amount={money(invoice.total, invoice.currency)} />
              {invoice.status === 'issued' || invoice.status === 'paid' ? (
                <>
                  <TotalRow
                    label="Paid"
                    amount={money(invoice.amountPaid ?? 0, invoice.currency)}
                  />
                  {invoice.amountCredited ? (
                    <TotalRow
                      label="Credited"
                      amount={money(invoice.amountCredited, invoice.currency)}
                    />
                  ) : null}
                  <TotalRow
                    label="Amount due"
                    amount={money(invoice.amountDue ?? 0, invoice.currency)}
                  />
                </>
              ) : null}
            </tfoot>
          </table>
        </div>
      </section>
      <InvoiceUsage payload={payload} user={user} invoice={invoice} timeZone={timeZone} />
    </article>
  )
}
