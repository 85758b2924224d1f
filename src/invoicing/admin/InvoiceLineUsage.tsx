'use client'

import { useAuth, useDocumentInfo, useTranslation } from '@payloadcms/ui'
import type { UIFieldClientComponent } from 'payload'
import { useEffect, useState } from 'react'
import { moneyText } from '../../billing/format'
import { decimalRatio } from '../../billing/rounding'
import { formatDecimal, localeOr, messages, type Locale } from '../../i18n'
import { useApiURL } from '../../admin/useApiURL'
import { requestJSON } from '../../admin/request'
import type { InvoiceDrillDown } from '../drillDown'
import './invoice-line-usage.scss'

// one request per invoice however many lines show it (each line's table is its own component)
const loads = new Map<string, Promise<InvoiceDrillDown>>()

function useDrillDown(url: string | null): InvoiceDrillDown | 'failed' | null {
  const [result, setResult] = useState<InvoiceDrillDown | 'failed' | null>(null)
  useEffect(() => {
    if (!url) return
    let live = true
    let load = loads.get(url)
    if (!load) {
      load = requestJSON<InvoiceDrillDown>(url)
      loads.set(url, load)
      // a failure is not kept: opening the invoice again asks again
      load.catch(() => loads.delete(url))
    }
    load.then(
      (answer) => live && setResult(answer),
      () => live && setResult('failed'),
    )
    return () => {
      live = false
    }
  }, [url])
  return result
}

/** The row index of a field inside the `lines` array: `lines.3.usage` → 3. */
const lineIndexOf = (path: string | undefined): number | null => {
  const match = path ? /(?:^|\.)lines\.(\d+)\./.exec(path) : null
  return match ? Number(match[1]) : null
}

/**
 * Under each invoice line in the admin: the camera time it billed, by camera reference, with
 * each interval's share of the line's amount (GET /api/invoices/<id>/usage, the caller's access).
 */
export const InvoiceLineUsage: UIFieldClientComponent = ({ path }) => {
  const { id, data } = useDocumentInfo()
  const { user } = useAuth()
  const { i18n } = useTranslation()
  const apiURL = useApiURL()
  const locale: Locale = localeOr((user as { locale?: string } | null)?.locale ?? i18n.language)
  const text = messages(locale).drillDown
  // keyed by the last change too: a regenerated draft is asked again
  const url = id ? apiURL(`/invoices/${id}/usage?v=${String(data?.updatedAt ?? '')}`) : null
  const drillDown = useDrillDown(url)
  const index = lineIndexOf(path)
  const currency = typeof data?.currency === 'string' ? data.currency : 'USD'

  if (!id || index === null) return null
  if (drillDown === null) return <p className="invoice-line-usage__muted">{text.loading}</p>
  if (drillDown === 'failed') return <p className="invoice-line-usage__muted">{text.loadFailed}</p>
  const line = drillDown.lines.find((entry) => entry.index === index)
  if (!line || line.intervals.length === 0)
    return <p className="invoice-line-usage__muted">{text.noIntervals}</p>
  const days = (seconds: number) => formatDecimal(decimalRatio(seconds, 86_400, 2), locale)
  const moment = (iso: string) => iso.slice(0, 16).replace('T', ' ')
  return (
    <div className="invoice-line-usage" data-line={index}>
      <div className="invoice-line-usage__head">
        {text.heading} ·{' '}
        {text.lineSummary({ cameras: line.intervals.length, cameraDays: days(line.cameraSeconds) })}
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">{text.columns.camera}</th>
            <th scope="col">{text.columns.from} (UTC)</th>
            <th scope="col">{text.columns.to} (UTC)</th>
            <th scope="col" className="invoice-line-usage__num">
              {text.columns.cameraDays}
            </th>
            <th scope="col" className="invoice-line-usage__num">
              {text.columns.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {line.intervals.map((interval, row) => (
            <tr key={`${interval.camera}-${interval.from}-${row}`}>
              <td>
                <code>{interval.camera}</code>
              </td>
              <td>{moment(interval.from)}</td>
              <td>{moment(interval.to)}</td>
              <td className="invoice-line-usage__num">{days(interval.seconds)}</td>
              <td className="invoice-line-usage__num">{moneyText(interval.amount, currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3} />
            <td className="invoice-line-usage__num">{days(line.cameraSeconds)}</td>
            <td className="invoice-line-usage__num">{moneyText(line.amount, currency)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
