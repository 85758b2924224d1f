import { moneyTextOrNothing } from '../../billing/format'
import type { BillingEventType } from '../../events'
import { renderNotice, type Notice, type RenderedNotice } from './layout'

/** What a notice may say about its event: the event's data plus what billing knows of its subjects. */
export interface NoticeFacts {
  type: BillingEventType
  occurredAt: Date
  organization: { id: number; title: string; timeZone: string } | null
  /** The invoice the event is about, read from the database (data.invoice / data.invoiceId). */
  invoice: {
    id: number
    number: string | null
    period: string
    total: number
    currency: string
    dueAt: Date | null
  } | null
  data: Record<string, unknown>
}

/** Events that e-mail the organization; `invoice.paid` is announced by its payment's receipt. */
export const EMAIL_EVENT_TYPES: readonly BillingEventType[] = [
  'invoice.issued',
  'payment.received',
  'dunning.reminder',
  'dunning.warning',
  'organization.suspended',
  'organization.restored',
  'credit_note.issued',
]

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

/** An amount in minor units of `currency`, formatted; undefined when either is missing or malformed. */
const money = (amount: unknown, currency: unknown): string | undefined =>
  moneyTextOrNothing(amount, currency)

function day(value: unknown, timeZone: string): string | undefined {
  const date =
    value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined
  if (!date || Number.isNaN(date.getTime())) return undefined
  try {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone }).format(date)
  } catch {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date)
  }
}

function noticeOf(facts: NoticeFacts): Notice | null {
  const { data, invoice } = facts
  const org = facts.organization?.title ?? 'your organization'
  const zone = facts.organization?.timeZone ?? 'UTC'
  const currency = text(data.currency) ?? invoice?.currency
  const invoiceNumber =
    text(data.invoiceNumber) ?? text(data.number) ?? invoice?.number ?? undefined
  const invoiceTotal =
    money(data.total, currency) ?? (invoice ? money(invoice.total, invoice.currency) : undefined)
  const dueOn = day(data.dueAt, zone) ?? day(invoice?.dueAt, zone)
  const outstanding = money(
    data.amountDue ?? data.overdueAmount ?? data.outstanding ?? data.balance,
    currency,
  )
  const daysOverdue =
    typeof data.daysOverdue === 'number' && Number.isInteger(data.daysOverdue)
      ? String(data.daysOverdue)
      : undefined
  const invoiceFacts: Notice['facts'] = [
    ['Invoice', invoiceNumber],
    ['Period', text(data.period) ?? invoice?.period],
    ['Amount', invoiceTotal],
    ['Due date', dueOn],
  ]
  switch (facts.type) {
    case 'invoice.issued':
      return {
        subject: `Invoice ${invoiceNumber ?? ''} for ${org}`.replace('  ', ' '),
        paragraphs: [`A new invoice for ${org} has been issued.`],
        facts: invoiceFacts,
        closing: 'The invoice is attached as a PDF. Please pay it by the due date.',
      }
    case 'payment.received': {
      const amount = money(data.amount, currency)
      return {
        subject: `Payment received${amount ? `: ${amount}` : ''} for ${org}`,
        paragraphs: [`Thank you: we have received a payment for ${org}.`],
        facts: [
          ['Amount', amount],
          ['Date', day(data.date ?? data.receivedAt, zone) ?? day(facts.occurredAt, zone)],
          ['Reference', text(data.reference)],
          [
            'Invoices paid',
            Array.isArray(data.invoiceNumbers)
              ? data.invoiceNumbers.filter((n) => typeof n === 'string').join(', ')
              : undefined,
          ],
          ['Credit remaining', money(data.credit ?? data.unallocated, currency)],
        ],
      }
    }
    case 'dunning.reminder':
      return {
        subject: `Reminder: invoice ${invoiceNumber ?? ''} for ${org} is overdue`.replace(
          '  ',
          ' ',
        ),
        paragraphs: [
          `Our records show that an invoice for ${org} is past its due date. If you have already paid, thank you, and please ignore this reminder.`,
        ],
        facts: [...invoiceFacts, ['Days overdue', daysOverdue], ['Outstanding', outstanding]],
        closing: 'Please pay the outstanding amount at your earliest convenience.',
      }
    case 'dunning.warning':
      return {
        subject: `Warning: service for ${org} will be suspended unless the overdue invoice is paid`,
        paragraphs: [
          `An invoice for ${org} is still unpaid well past its due date.`,
          `If it stays unpaid, access to video will be suspended${day(data.suspendAt ?? data.suspensionAt, zone) ? ` on ${day(data.suspendAt ?? data.suspensionAt, zone)}` : ''}.`,
        ],
        facts: [...invoiceFacts, ['Days overdue', daysOverdue], ['Outstanding', outstanding]],
        closing: 'Please pay the outstanding amount now to keep the service running.',
      }
    case 'organization.suspended': {
      const recordingStopped = data.stage === 'recording_stop' || data.recordingStopped === true
      return {
        subject: `Service suspended for ${org}`,
        paragraphs: [
          `Because of unpaid invoices, the service for ${org} is suspended: its users cannot view video${recordingStopped ? ' and cameras have stopped recording' : '; cameras keep recording'}.`,
        ],
        facts: [
          ['Outstanding', outstanding],
          ['Suspended since', day(data.since, zone) ?? day(facts.occurredAt, zone)],
        ],
        closing:
          'The service is restored automatically within minutes of a payment that clears the overdue amount.',
      }
    }
    case 'organization.restored':
      return {
        subject: `Service restored for ${org}`,
        paragraphs: [`Thank you for your payment: the service for ${org} is fully restored.`],
        facts: [['Restored on', day(facts.occurredAt, zone)]],
      }
    case 'credit_note.issued': {
      const number = text(data.creditNoteNumber) ?? text(data.number)
      return {
        subject: `Credit note ${number ?? ''} for ${org}`.replace('  ', ' '),
        paragraphs: [`A credit note has been issued for ${org}.`],
        facts: [
          ['Credit note', number],
          ['For invoice', text(data.invoiceNumber) ?? invoice?.number ?? undefined],
          ['Amount', money(data.amount, currency)],
          ['Reason', text(data.reason)],
        ],
        closing: 'The amount is credited to your account.',
      }
    }
    default:
      return null
  }
}

/** The e-mail of an event as plain text and HTML, or null when the event type sends none. */
export function renderEmail(facts: NoticeFacts): RenderedNotice | null {
  if (!EMAIL_EVENT_TYPES.includes(facts.type)) return null
  const notice = noticeOf(facts)
  return notice ? renderNotice(notice) : null
}
