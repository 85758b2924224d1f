/**
 * The business events billing announces (outgoing webhooks and e-mails are fanned out from them).
 * Names are part of the webhook contract: `invoice.issued`, `invoice.paid`, `payment.received`,
 * `organization.suspended`, `organization.restored`; the others are e-mail-only notices.
 */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.issued',
  'invoice.paid',
  'payment.received',
  'organization.suspended',
  'organization.restored',
] as const

export const NOTICE_EVENT_TYPES = [
  'dunning.reminder',
  'dunning.warning',
  'credit_note.issued',
] as const

export const EVENT_TYPES = [...WEBHOOK_EVENT_TYPES, ...NOTICE_EVENT_TYPES] as const
export type BillingEventType = (typeof EVENT_TYPES)[number]

export interface BillingEventInput {
  type: BillingEventType
  /** The organization the event is about (for money events, the payer). */
  organization: number
  /** A JSON object with the event's facts (ids, numbers, amounts in minor units); never a secret. */
  data: Record<string, unknown>
  occurredAt?: Date
}

export const isEventType = (value: unknown): value is BillingEventType =>
  typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value)
