import { moneyTextOrNothing } from '../../billing/format'
import { INTL, messages, type Locale } from '../../i18n'
import type { BillingEventType } from '../../events'
import { renderNotice, type Notice, type RenderedNotice } from './layout'

/** What a notice may say about its event: the event's data plus what billing knows of its subjects. */
export interface NoticeFacts {
  type: BillingEventType
  occurredAt: Date
  organization: { id: number; title: string; timeZone: string; locale: Locale } | null
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

/** The notice of the event in the language, or null for an event type without one. */
function noticeOf(facts: NoticeFacts, locale: Locale): Notice | null {
  const { data, invoice } = facts
  const { email } = messages(locale)
  const label = email.facts
  const zone = facts.organization?.timeZone ?? 'UTC'
  const org = facts.organization?.title ?? email.yourOrganization
  /** An amount in minor units, formatted; undefined when it or the currency is missing or malformed. */
  const money = (amount: unknown, currency: unknown) =>
    moneyTextOrNothing(amount, currency, INTL[locale].numbers)
  const day = (value: unknown): string | undefined => {
    const date =
      value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined
    if (!date || Number.isNaN(date.getTime())) return undefined
    const inZone = (timeZone: string) =>
      new Intl.DateTimeFormat(INTL[locale].longDates, { dateStyle: 'long', timeZone }).format(date)
    try {
      return inZone(zone)
    } catch {
      return inZone('UTC')
    }
  }
  const currency = text(data.currency) ?? invoice?.currency
  const number = text(data.invoiceNumber) ?? text(data.number) ?? invoice?.number ?? undefined
  const invoiceTotal =
    money(data.total, currency) ?? (invoice ? money(invoice.total, invoice.currency) : undefined)
  const outstanding = money(
    data.amountDue ?? data.overdueAmount ?? data.outstanding ?? data.balance,
    currency,
  )
  const daysOverdue =
    typeof data.daysOverdue === 'number' && Number.isInteger(data.daysOverdue)
      ? String(data.daysOverdue)
      : undefined
  const invoiceFacts: Notice['facts'] = [
    [label.invoice, number],
    [label.period, text(data.period) ?? invoice?.period],
    [label.amount, invoiceTotal],
    [label.dueDate, day(data.dueAt) ?? day(invoice?.dueAt)],
  ]
  const overdueFacts: Notice['facts'] = [
    ...invoiceFacts,
    [label.daysOverdue, daysOverdue],
    [label.outstanding, outstanding],
  ]
  switch (facts.type) {
    case 'invoice.issued':
      return {
        subject: email.invoiceIssued.subject({ number, org }),
        paragraphs: [email.invoiceIssued.body({ org })],
        facts: invoiceFacts,
        closing: email.invoiceIssued.closing,
      }
    case 'payment.received': {
      const amount = money(data.amount, currency)
      return {
        subject: email.paymentReceived.subject({ amount, org }),
        paragraphs: [email.paymentReceived.body({ org })],
        facts: [
          [label.amount, amount],
          [label.date, day(data.date ?? data.receivedAt) ?? day(facts.occurredAt)],
          [label.reference, text(data.reference)],
          [
            label.invoicesPaid,
            Array.isArray(data.invoiceNumbers)
              ? data.invoiceNumbers.filter((n) => typeof n === 'string').join(', ')
              : undefined,
          ],
          [label.creditRemaining, money(data.credit ?? data.unallocated, currency)],
        ],
      }
    }
    case 'dunning.reminder':
      return {
        subject: email.reminder.subject({ number, org }),
        paragraphs: [email.reminder.body({ org })],
        facts: overdueFacts,
        closing: email.reminder.closing,
      }
    case 'dunning.warning':
      return {
        subject: email.warning.subject({ org }),
        paragraphs: [
          email.warning.body({ org }),
          email.warning.suspension({ day: day(data.suspendAt ?? data.suspensionAt) }),
        ],
        facts: overdueFacts,
        closing: email.warning.closing,
      }
    case 'organization.suspended':
      return {
        subject: email.suspended.subject({ org }),
        paragraphs: [
          email.suspended.body({
            org,
            recordingStopped: data.stage === 'recording_stop' || data.recordingStopped === true,
          }),
        ],
        facts: [
          [label.outstanding, outstanding],
          [label.suspendedSince, day(data.since) ?? day(facts.occurredAt)],
        ],
        closing: email.suspended.closing,
      }
    case 'organization.restored':
      return {
        subject: email.restored.subject({ org }),
        paragraphs: [email.restored.body({ org })],
        facts: [[label.restoredOn, day(facts.occurredAt)]],
      }
    case 'credit_note.issued': {
      const creditNote = text(data.creditNoteNumber) ?? text(data.number)
      return {
        subject: email.creditNoteIssued.subject({ number: creditNote, org }),
        paragraphs: [email.creditNoteIssued.body({ org })],
        facts: [
          [label.creditNote, creditNote],
          [label.forInvoice, text(data.invoiceNumber) ?? invoice?.number ?? undefined],
          [label.amount, money(data.amount, currency)],
          [label.reason, text(data.reason)],
        ],
        closing: email.creditNoteIssued.closing,
      }
    }
    default:
      return null
  }
}

/**
 * The e-mail of an event as plain text and HTML, in the recipient's language (English by
 * default), or null when the event type sends none.
 */
export function renderEmail(facts: NoticeFacts, locale: Locale = 'en'): RenderedNotice | null {
  if (!EMAIL_EVENT_TYPES.includes(facts.type)) return null
  const notice = noticeOf(facts, locale)
  return notice ? renderNotice(notice) : null
}
