import type { Payload } from 'payload'
import { formatMoney } from '../billing/money'
import { decimalRatio } from '../billing/rounding'
import { formatDecimal, INTL, localeOr, messages, type Locale } from '../i18n'
import { invoiceDrillDown, withCameraTitles } from '../invoicing'
import type { Invoice, User } from '../payload-types'

// a line's summary (kept a list item: its disclosure marker stays)
const SUMMARY = { cursor: 'pointer', padding: '0.5rem 0' } as const

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

/** A moment in the time zone, the language's way (an unknown zone falls back to UTC). */
function formatMoment(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale} ${timeZone}`
  let format = dateTimeFormats.get(key)
  if (!format) {
    const inZone = (zone: string) =>
      new Intl.DateTimeFormat(INTL[locale].longDates, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: zone,
      })
    try {
      format = inZone(timeZone)
    } catch {
      format = inZone('UTC')
    }
    dateTimeFormats.set(key, format)
  }
  return format.format(new Date(iso))
}

/**
 * The invoice page's drill-down: under the lines, one collapsible per line with the camera time it
 * billed (cameras by reference; a member who may view streams also sees their names, read live
 * from Watcher and never kept), each interval's share adding up to the line's amount.
 */
export async function InvoiceUsage({
  payload,
  user,
  invoice,
  timeZone = 'UTC',
  locale = localeOr(user.locale),
}: {
  payload: Payload
  user: User
  /** An invoice the user may read (the page has checked). */
  invoice: Invoice
  timeZone?: string
  locale?: Locale
}) {
  const text = messages(locale).drillDown
  // Watcher is asked after the database reads, outside any transaction, within a short timeout
  const { drillDown, titles } = await withCameraTitles(
    payload,
    user,
    await invoiceDrillDown(payload, invoice.id),
  )
  const money = (amount: number) => formatMoney(amount, invoice.currency, INTL[locale].numbers)
  const showTitles = titles === 'shown'
  const lines = invoice.lines ?? []
  return (
    <section className="card drill-down" aria-labelledby="drill-down-heading">
      <h2 id="drill-down-heading">{text.heading}</h2>
      <p className="note">{invoice.status === 'draft' ? text.draftNote : text.issuedNote}</p>
      {titles === 'unavailable' ? <p className="note">{text.titlesUnavailable}</p> : null}
      {drillDown.lines.map((line) => {
        const description = lines[line.index]?.description || `#${line.index + 1}`
        const cameraDays = formatDecimal(decimalRatio(line.cameraSeconds, 86_400, 2), locale)
        return (
          <details key={line.index} className="drill-down__line" data-line={line.index}>
            <summary style={SUMMARY}>
              <strong>{description}</strong> ·{' '}
              <span className="muted">
                {text.lineSummary({ cameras: line.intervals.length, cameraDays })}
              </span>{' '}
              · <span>{money(line.amount)}</span>
            </summary>
            {line.intervals.length === 0 ? (
              <p className="muted">{text.noIntervals}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">
                    {text.caption({ line: description })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{text.columns.camera}</th>
                      {showTitles ? <th scope="col">{text.columns.title}</th> : null}
                      <th scope="col">{text.columns.from}</th>
                      <th scope="col">{text.columns.to}</th>
                      <th scope="col" className="num">
                        {text.columns.cameraDays}
                      </th>
                      <th scope="col" className="num">
                        {text.columns.amount}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {line.intervals.map((interval, index) => (
                      <tr key={`${interval.camera}-${interval.from}-${index}`}>
                        <td>
                          <code>{interval.camera}</code>
                        </td>
                        {showTitles ? <td>{interval.title ?? '—'}</td> : null}
                        <td>{formatMoment(interval.from, locale, timeZone)}</td>
                        <td>{formatMoment(interval.to, locale, timeZone)}</td>
                        <td className="num">
                          {formatDecimal(decimalRatio(interval.seconds, 86_400, 2), locale)}
                        </td>
                        <td className="num">{money(interval.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </details>
        )
      })}
      <p className="muted">{text.sharesNote}</p>
      <p>
        <a
          className="button"
          href={`/api/invoices/${invoice.id}/usage?format=csv&titles=1`}
          download
        >
          {text.downloadCsv}
        </a>
      </p>
    </section>
  )
}
