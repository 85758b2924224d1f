'use client'

import { CheckboxInput, toast, useAuth } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import type { BeforeListTableClientProps } from 'payload'
import { useId, useState } from 'react'
import { hasRole } from '../../access/roles'
import { PERIOD_PATTERN, previousMonth } from './format'
import { messageOf, requestJSON } from '../../admin/request'
import { ActionButton } from '../../admin/ActionButton'
import { useApiURL } from '../../admin/useApiURL'
import './invoice-admin.scss'

interface GenerateAnswer {
  created: number[]
  skipped: number[]
  empty: number[]
  failed: { organization: number; error: string }[]
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`

function generateSummary(period: string, answer: GenerateAnswer, regenerate: boolean): string {
  const parts = [
    `${period}: ${plural(answer.created.length, regenerate ? 'draft built' : 'draft created', regenerate ? 'drafts built' : 'drafts created')}`,
  ]
  if (answer.skipped.length > 0) parts.push(`${answer.skipped.length} already invoiced, skipped`)
  if (answer.empty.length > 0) parts.push(`${plural(answer.empty.length, 'payer')} without usage`)
  if (answer.failed.length > 0) parts.push(`${answer.failed.length} failed`)
  return parts.join(', ') + '.'
}

/** Above the invoice list: build the month's drafts from camera usage, export the month as CSV. */
export const InvoiceListActions = (_props: Partial<BeforeListTableClientProps>) => {
  const apiURL = useApiURL()
  const { user } = useAuth()
  const router = useRouter()
  const inputId = useId()
  const [period, setPeriod] = useState(() => previousMonth())
  const [regenerate, setRegenerate] = useState(false)
  const [generating, setGenerating] = useState(false)

  const staff = hasRole(user, 'admin', 'accountant')
  const validPeriod = PERIOD_PATTERN.test(period)
  const endpoint = (suffix: `/${string}`) => apiURL(`/invoices${suffix}`)

  const generate = async () => {
    if (!validPeriod) {
      toast.error('Month: choose the month to invoice.')
      return
    }
    setGenerating(true)
    try {
      const answer = await requestJSON<GenerateAnswer>(endpoint('/generate'), {
        method: 'POST',
        body: { period, ...(regenerate ? { regenerate: true } : {}) },
      })
      const summary = generateSummary(period, answer, regenerate)
      if (answer.failed.length > 0) {
        const details = answer.failed
          .map((failure) => `organization ${failure.organization}: ${failure.error}`)
          .join('; ')
        toast.warning(`${summary} ${details}`, { duration: 20_000 })
      } else toast.success(summary, { duration: 8_000 })
      router.refresh()
    } catch (error) {
      toast.error(messageOf(error))
    } finally {
      setGenerating(false)
    }
  }

  return (
    <div className="invoice-list-actions">
      <div className="invoice-list-actions__month">
        <label className="invoice-list-actions__caption" htmlFor={inputId}>
          Month
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
          <span className="invoice-list-actions__caption">Drafts</span>
          <div className="invoice-list-actions__buttons">
            <ActionButton disabled={generating || !validPeriod} onClick={generate}>
              {generating ? 'Generating…' : 'Generate drafts'}
            </ActionButton>
            <CheckboxInput
              id={`${inputId}-regenerate`}
              checked={regenerate}
              onToggle={(event) => setRegenerate(event.target.checked)}
              label="Rebuild existing drafts"
            />
          </div>
          <p>
            One draft per payer organization from the month&apos;s camera usage. Payers already
            invoiced are skipped; issued, paid and void invoices are never touched.
          </p>
        </div>
      )}
      <div className="invoice-list-actions__export">
        <span className="invoice-list-actions__caption">Export</span>
        <div className="invoice-list-actions__buttons">
          <ActionButton
            secondary
            el="anchor"
            url={validPeriod ? `${endpoint('/export.csv')}?period=${period}` : undefined}
            disabled={!validPeriod}
          >
            Export CSV
          </ActionButton>
        </div>
        <p>Every invoice line of the month{staff ? '' : ' you can see'}, for accounting.</p>
      </div>
    </div>
  )
}
