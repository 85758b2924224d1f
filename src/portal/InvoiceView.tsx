/**
 * The parts of an invoice's portal page (src/app/(portal)/portal/(signed-in)/invoices/[id]), each
 * a section of its own so that further sections (the usage drill-down) sit beside them.
 */
import { taxRateText } from '../billing/format'
import { INTL, messages, type Locale } from '../i18n'
import type { Invoice, Organization } from '../payload-types'
import { formatDate, formatPeriod, money, twoDecimals } from './format'
import { StatusBadge } from './StatusBadge'

/** The invoice's heading in the language: its number, or that it is a draft. */
export function invoiceTitle(invoice: Pick<Invoice, 'id' | 'number'>, locale: Locale): string {
  const t = messages(locale).portal.invoice
  return invoice.number ? t.title({ number: invoice.number }) : t.draftTitle({ id: invoice.id })
}

/** Back to the list, the invoice's heading, payer, period, status and days, and its PDF. */
export function InvoiceSummary({
  invoice,
  organization,
  locale,
}: {
  invoice: Invoice
  organization: Pick<Organization, 'id' | 'title' | 'timezone'> | null
  locale: Locale
}) {
  const t = messages(locale).portal.invoice
  const timeZone = organization?.timezone || 'UTC'
  return (
    <>
      <p>
        <a href="/portal/invoices">{t.allInvoices}</a>
      </p>
      <div className="card">
        <div className="invoice-head">
          <div>
            <h1 id="invoice-heading">{invoiceTitle(invoice, locale)}</h1>
            <dl className="meta">
              <dt>{t.payer}</dt>
              <dd>
                {organization ? (
                  <a href={`/portal/o/${organization.id}`}>{organization.title}</a>
                ) : (
                  '—'
                )}
              </dd>
              <dt>{t.period}</dt>
              <dd>{formatPeriod(invoice.period, locale)}</dd>
              <dt>{t.status}</dt>
              <dd>
                <StatusBadge status={invoice.status} locale={locale} />
              </dd>
              <dt>{t.issued}</dt>
              <dd>{formatDate(invoice.issuedAt, timeZone, locale)}</dd>
              <dt>{t.due}</dt>
              <dd>{formatDate(invoice.dueAt, timeZone, locale)}</dd>
              {invoice.paidAt ? (
                <>
                  <dt>{t.paid}</dt>
                  <dd>{formatDate(invoice.paidAt, timeZone, locale)}</dd>
                </>
              ) : null}
            </dl>
          </div>
          <div className="actions">
            <a className="button" href={`/api/invoices/${invoice.id}/pdf`} download>
              {t.downloadPdf}
            </a>
          </div>
        </div>
        {invoice.status === 'draft' ? <p className="note">{t.draftNote}</p> : null}
      </div>
    </>
  )
}

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

/** The invoice's lines with camera-days, prices and amounts, and its totals. */
export function InvoiceLines({ invoice, locale }: { invoice: Invoice; locale: Locale }) {
  const t = messages(locale).portal.invoice
  const lines = invoice.lines ?? []
  const amount = (value: number | null | undefined) => money(value, invoice.currency, locale)
  const rate =
    typeof invoice.taxRateBp === 'number'
      ? taxRateText(invoice.taxRateBp, INTL[locale].numbers)
      : null
  return (
    <section className="card" aria-labelledby="lines-heading">
      <h2 id="lines-heading">{t.lines}</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t.linesCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.description}</th>
              <th scope="col" className="num">
                {t.cameraDays}
              </th>
              <th scope="col" className="num">
                {t.monthlyPricePerCamera}
              </th>
              <th scope="col" className="num">
                {t.amount}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  {t.noLines}
                </td>
              </tr>
            ) : (
              lines.map((line, index) => (
                <tr key={line.id ?? index}>
                  <td>{line.description || '—'}</td>
                  <td className="num">{twoDecimals(line.cameraDays, locale)}</td>
                  <td className="num">{amount(line.unitPrice)}</td>
                  <td className="num">{amount(line.amount)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <TotalRow label={t.subtotal} amount={amount(invoice.subtotal)} />
            <TotalRow label={rate ? t.taxAt({ rate }) : t.tax} amount={amount(invoice.tax)} />
            <TotalRow label={t.total} amount={amount(invoice.total)} />
            {invoice.status === 'issued' || invoice.status === 'paid' ? (
              <>
                <TotalRow label={t.paid} amount={amount(invoice.amountPaid ?? 0)} />
                {invoice.amountCredited ? (
                  <TotalRow label={t.credited} amount={amount(invoice.amountCredited)} />
                ) : null}
                <TotalRow label={t.amountDue} amount={amount(invoice.amountDue ?? 0)} />
              </>
            ) : null}
          </tfoot>
        </table>
      </div>
    </section>
  )
}
