/**
 * Who hears of which billing events, decided in pure code: the dispatcher loads a batch of events
 * with the recipients and endpoints they may go to, this plans the deliveries, the store writes
 * them in one statement per table (dispatch.ts).
 */
import { WEBHOOK_EVENT_TYPES, type BillingEventType } from '../events'
import { EMAIL_EVENT_TYPES } from './templates'

/** A claimed outbox row. */
export interface OutboxEvent {
  /** The billing_events row. */
  id: number
  /** The event's own id (what receivers deduplicate on). */
  eventId: string
  type: BillingEventType
  organizationId: number | null
}

/** An active webhook endpoint: an organization's own, or global (organizationId null). */
export interface EndpointSubscription {
  id: number
  organizationId: number | null
  events: readonly string[]
}

/** Deliveries made for an event before (an event put back by hand after a partial run). */
export interface ExistingDeliveries {
  /** `${event row id} ${recipient}` */
  emails: ReadonlySet<string>
  /** `${event row id} ${endpoint id}` */
  webhooks: ReadonlySet<string>
}

export interface PlannedEmail {
  event: OutboxEvent
  recipient: string
}

export interface PlannedWebhook {
  event: OutboxEvent
  endpoint: number
}

export interface FanOutPlan {
  emails: PlannedEmail[]
  webhooks: PlannedWebhook[]
}

const EMAIL_PATTERN = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/

/**
 * The addresses an organization's notices go to: its administrator's e-mail and its billing
 * contacts, trimmed and lower-cased, each once, in that order; what is not an address is dropped.
 */
export function recipientAddresses(
  administratorEmail: string | null | undefined,
  billingContacts: readonly (string | null | undefined)[],
): string[] {
  const unique = new Set<string>()
  for (const address of [administratorEmail, ...billingContacts]) {
    const normalized = address?.trim().toLowerCase()
    if (normalized && EMAIL_PATTERN.test(normalized)) unique.add(normalized)
  }
  return [...unique]
}

const mailed = (type: BillingEventType) => EMAIL_EVENT_TYPES.includes(type)
const hooked = (type: BillingEventType) => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type)

/**
 * The deliveries of `events`, in event order: an e-mail per recipient of the event's organization
 * (for the types that e-mail), a webhook per active endpoint subscribed to the type, the
 * organization's own and the global ones, by endpoint id; none that exists already.
 */
export function planFanOut(
  events: readonly OutboxEvent[],
  recipientsOf: ReadonlyMap<number, readonly string[]>,
  endpoints: readonly EndpointSubscription[],
  existing: ExistingDeliveries,
): FanOutPlan {
  const byId = [...endpoints].sort((a, b) => a.id - b.id)
  const plan: FanOutPlan = { emails: [], webhooks: [] }
  for (const event of events) {
    if (mailed(event.type) && event.organizationId !== null) {
      for (const recipient of recipientsOf.get(event.organizationId) ?? []) {
        if (!existing.emails.has(`${event.id} ${recipient}`)) plan.emails.push({ event, recipient })
      }
    }
    if (!hooked(event.type)) continue
    for (const endpoint of byId) {
      const scoped =
        endpoint.organizationId === null || endpoint.organizationId === event.organizationId
      if (!scoped || !endpoint.events.includes(event.type)) continue
      if (!existing.webhooks.has(`${event.id} ${endpoint.id}`))
        plan.webhooks.push({ event, endpoint: endpoint.id })
    }
  }
  return plan
}
