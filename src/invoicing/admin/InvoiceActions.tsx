'use client'

import {
  Button,
  ConfirmationModal,
  Modal,
  toast,
  useAuth,
  useDocumentInfo,
  useFormModified,
  useModal,
} from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import type { BeforeDocumentControlsClientProps } from 'payload'
import { useId, useState, type FormEvent } from 'react'
import { hasRole } from '../../access/roles'
import { localDay, moneyText, toInvoiceStatus } from './format'
import { messageOf, requestJSON } from '../../admin/request'
import { ActionButton } from '../../admin/ActionButton'
import { useAdminLanguage } from '../../admin/useAdminLanguage'
import { useApiURL } from '../../admin/useApiURL'
import './invoice-admin.scss'

interface InvoiceAnswer {
  id: number
  number?: string | null
  status?: string
  total?: number | null
  amountDue?: number | null
  currency?: string | null
}

type Operation = 'issue' | 'void' | 'pay'

const ISSUE_MODAL = 'invoice-issue'
const VOID_MODAL = 'invoice-void'
const PAY_MODAL = 'invoice-pay'

/**
 * When the payment was received, as the API wants it: now for today, otherwise noon of the chosen
 * local day, so the day reads the same in any time zone within twelve hours of the browser's.
 */
function paidAtOf(day: string): string {
  if (day === localDay()) return new Date().toISOString()
  const [year, month, date] = day.split('-').map(Number)
  return new Date(year!, month! - 1, date!, 12).toISOString()
}

/**
 * Beside Save in the invoice's edit view: the operations its status allows (issue, void, record
 * a payment; staff only) and its PDF (everyone who can read it; a DRAFT rendering for drafts).
 */
export const InvoiceActions = (_props: Partial<BeforeDocumentControlsClientProps>) => {
  const apiURL = useApiURL()
  const { id, data } = useDocumentInfo()
  const { user } = useAuth()
  const modified = useFormModified()
  const { openModal, closeModal, isModalOpen } = useModal()
  const router = useRouter()
  const formId = useId()
  const { locale, text: admin } = useAdminLanguage()
  const text = admin.invoiceActions

  const [running, setRunning] = useState<Operation | null>(null)
  const [paidOn, setPaidOn] = useState(localDay)
  const [reference, setReference] = useState('')

  // a new invoice has nothing to act on yet
  if (id === undefined || id === null || id === '') return null

  const status = toInvoiceStatus(data?.status)
  const label =
    typeof data?.number === 'string' && data.number ? data.number : text.draftLabel({ id: `${id}` })
  const money = (amount: unknown, currency: unknown) => moneyText(amount, currency, locale)
  const staff = hasRole(user, 'admin', 'accountant')
  const endpoint = (suffix: string) => apiURL(`/invoices/${id}/${suffix}`)

  async function run(operation: Operation, body: unknown, success: (doc: InvoiceAnswer) => string) {
    setRunning(operation)
    try {
      const doc = await requestJSON<InvoiceAnswer>(endpoint(operation), {
        method: 'POST',
        body,
        locale,
      })
      toast.success(success(doc))
      router.refresh()
      return true
    } catch (error) {
      toast.error(messageOf(error, locale))
      return false
    } finally {
      setRunning(null)
    }
  }

  // The operations act on the saved invoice: unsaved corrections would silently not be part of it.
  const open = (modal: string) => {
    if (modified) {
      toast.warning(text.saveFirst)
      return
    }
    openModal(modal)
  }

  const issue = async () => {
    await run('issue', {}, (doc) =>
      text.issued({ number: doc.number ?? label, total: money(doc.total, doc.currency) }),
    )
  }

  const voidInvoice = async () => {
    await run('void', {}, (doc) => text.voided({ number: doc.number ?? label }))
  }

  const recordPayment = async (event: FormEvent) => {
    event.preventDefault()
    // the modal is portalled out of the document's form in the DOM, not in React's event tree
    event.stopPropagation()
    if (!paidOn) {
      toast.error(text.paymentDateMissing)
      return
    }
    if (paidOn > localDay()) {
      toast.error(text.paymentDateFuture)
      return
    }
    const trimmed = reference.trim()
    const done = await run(
      'pay',
      { paidAt: paidAtOf(paidOn), ...(trimmed ? { reference: trimmed } : {}) },
      (doc) =>
        doc.status === 'paid'
          ? text.paidInFull({ number: doc.number ?? label })
          : text.paidInPart({
              number: doc.number ?? label,
              due: money(doc.amountDue, doc.currency),
            }),
    )
    if (done) {
      closeModal(PAY_MODAL)
      setReference('')
    }
  }

  const busy = running !== null
  const pdfLabel = status === 'draft' ? text.pdfPreview : text.pdf

  return (
    <div className="invoice-actions">
      {staff && status === 'draft' && (
        <ActionButton disabled={busy} onClick={() => open(ISSUE_MODAL)}>
          {running === 'issue' ? text.issuing : text.issue}
        </ActionButton>
      )}
      {staff && status === 'issued' && (
        <ActionButton
          disabled={busy}
          onClick={() => {
            setPaidOn(localDay())
            open(PAY_MODAL)
          }}
        >
          {running === 'pay' ? text.recording : text.recordPayment}
        </ActionButton>
      )}
      {staff && (status === 'draft' || status === 'issued') && (
        <ActionButton secondary disabled={busy} onClick={() => open(VOID_MODAL)}>
          {running === 'void' ? text.voiding : text.void}
        </ActionButton>
      )}
      <ActionButton
        secondary
        el="anchor"
        url={endpoint('pdf')}
        newTab
        tooltip={status === 'draft' ? text.pdfDraftHint : undefined}
      >
        {pdfLabel}
      </ActionButton>

      <ConfirmationModal
        modalSlug={ISSUE_MODAL}
        heading={text.issueHeading({ label })}
        body={text.issueBody}
        confirmLabel={text.issue}
        confirmingLabel={text.issuing}
        onConfirm={issue}
      />
      <ConfirmationModal
        modalSlug={VOID_MODAL}
        heading={text.voidHeading({ label })}
        body={status === 'issued' ? text.voidIssuedBody : text.voidDraftBody}
        confirmLabel={text.void}
        confirmingLabel={text.voiding}
        onConfirm={voidInvoice}
      />
      {/* rendered only while open, as Payload's ConfirmationModal does */}
      {isModalOpen(PAY_MODAL) && (
        <Modal
          slug={PAY_MODAL}
          className="confirmation-modal invoice-pay-modal"
          closeOnBlur={false}
        >
          <form className="confirmation-modal__wrapper" onSubmit={recordPayment}>
            <div className="confirmation-modal__content">
              <h1>{text.recordPayment}</h1>
              <p>{text.payBody({ label, total: money(data?.total, data?.currency) })}</p>
              <div className="invoice-pay-modal__fields">
                <label htmlFor={`${formId}-paid-on`}>
                  <span>{text.paymentDate}</span>
                  <input
                    id={`${formId}-paid-on`}
                    className="invoice-input"
                    type="date"
                    required
                    max={localDay()}
                    value={paidOn}
                    onChange={(event) => setPaidOn(event.target.value)}
                  />
                </label>
                <label htmlFor={`${formId}-reference`}>
                  <span>{text.reference}</span>
                  <input
                    id={`${formId}-reference`}
                    className="invoice-input"
                    type="text"
                    maxLength={200}
                    placeholder={text.referencePlaceholder}
                    value={reference}
                    onChange={(event) => setReference(event.target.value)}
                  />
                </label>
              </div>
            </div>
            <div className="confirmation-modal__controls">
              <Button
                buttonStyle="secondary"
                size="large"
                disabled={busy}
                onClick={() => closeModal(PAY_MODAL)}
              >
                {text.cancel}
              </Button>
              <Button size="large" type="submit" disabled={busy}>
                {running === 'pay' ? text.recording : text.recordPayment}
              </Button>
            </div>
          </form>
        </Modal>
      )}
    </div>
  )
}
