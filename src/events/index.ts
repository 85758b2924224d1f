/** The billing-events outbox: what other domains record in their transactions, and the event names. */
export { eventsInsert, recordEvent, recordEvents } from './record'
export {
  EVENT_TYPES,
  isEventType,
  NOTICE_EVENT_TYPES,
  WEBHOOK_EVENT_TYPES,
  type BillingEventInput,
  type BillingEventType,
} from './types'
