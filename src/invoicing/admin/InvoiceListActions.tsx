'use client'

import { CheckboxInput, toast, useAuth } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import type { BeforeListTableClientProps } from 'payload'
import { useId, useState } from 'react'
import { hasRole } from '../../access/roles'
import { PERIOD_PATTERN, previousMonth } from './format'
import { messageOf, requestJSON } from '../../admin/request'
import { ActionButton } from '../../admin/ActionButton'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import { useApiURL } from '../../admin/useApiURL'
import type { AdminMessages } from '../../i18n'
import './invoice-admin.scss'

interface GenerateAnswer {
  created: number[]
  skipped: number[]
  empty: number[]
  failed: { organization: number; error: string }[]
}

/** What a run did, as a list of counts in the admin's language (each count a whole phrase). */
function generateSummary(
  text: AdminMessages['invoiceList'],
  period: string,
  answer: GenerateAnswer,
  regenerate: boolean,
): string {
  const count = answer.created.length
  const parts = [regenerate ? text.rebuilt({ period, count }) : text.created({ period, count })]
  if (answer.skipped.length > 0) parts.push(text.skipped({ count: answer.skipped.length }))
  if (answer.empty.length > 0) parts.push(text.empty({ count: answer.empty.length }))
  if (answer.failed.length > 0) parts.push(text.failed({ count: answer.failed.length }))
  return parts.join('; ') + '.'
}

/** Above the invoice list: build the month's drafts from camera usage, export the month as CSV. */
export const InvoiceListActions = (_props: Partial<BeforeListTableClientProps>) => {
  const apiURL = useApiURL()
  const { user } = useAuth()
  const router = useRouter()
  const inputId = useId()
  const { locale, text: admin } = useAdminLanguage()
  const text = admin.invoiceList
  const [period, setPeriod] = useState(() => previousMonth())
  const [regenerate, setRegenerate] = useState(false)
  const [generating, setGenerating] = useState(false)

  const staff = hasRole(user, 'admin', 'accountant')
  const validPeriod = PERIOD_PATTERN.test(period)
  const endpoint = (suffix: `/${string}`) => apiURL(`/invoices${suffix}`)

  const generate = async () => {
    if (!validPeriod) {
      toast.error(text.monthMissing)
      return
    }
    setGenerating(true)
    try {
      const answer = await requestJSON<GenerateAnswer>(endpoint('/generate'), {
        method: 'POST',
        body: { period, ...(regenerate ? { regenerate: true } : {}) },
        locale,
      })
      const summary = generateSummary(text, period, answer, regenerate)
      if (answer.failed.length > 0) {
        const details = answer.failed.map((failure) => text.failure(failure)).join('; ')
        toast.warning(`${summary} ${details}`, { duration: 20_000 })
      } else toast.success(summary, { duration: 8_000 })
      router.refresh()
    } catch (error) {
      toast.error(messageOf(error, locale))
    } finally {
      setGenerating(false)
    }
  }

  return (
    <div className="invoice-list-actions">
      <div className="invoice-list-actions__month">
        <label className="invoice-list-actions__caption" htmlFor={inputId}>
          {text.month}
        </label>
        <input
          id={inputId}
          className="invoice-input"
          type="month"
          required
          value={period}
          onChange={(event) => setPeriod(event.target.value)}
        />
      </div>
      {staff && (
        <div className="invoice-list-actions__generate">
          <span className="invoice-list-actions__caption">{text.drafts}</span>
          <div className="invoice-list-actions__buttons">
            <ActionButton disabled={generating || !validPeriod} onClick={generate}>
              {generating ? text.generating : text.generate}
            </ActionButton>
            <CheckboxInput
              id={`${inputId}-regenerate`}
              checked={regenerate}
              onToggle={(event) => setRegenerate(event.target.checked)}
              label={text.rebuild}
            />
          </div>
          <p>{text.generateHint}</p>
        </div>
      )}
      <div className="invoice-list-actions__export">
        <span className="invoice-list-actions__caption">{text.export}</span>
        <div className="invoice-list-actions__buttons">
          <ActionButton
            secondary
            el="anchor"
            url={validPeriod ? `${endpoint('/export.csv')}?period=${period}` : undefined}
            disabled={!validPeriod}
          >
            {text.exportCsv}
          </ActionButton>
        </div>
        <p>{staff ? text.exportHintStaff : text.exportHint}</p>
      </div>
    </div>
  )
}
