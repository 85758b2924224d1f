/** Notifications: the outbox dispatcher, e-mail and webhook deliveries, and their secrets. */
export { dispatchEvents, type DispatchResult } from './dispatch'
export { dispatchNowEndpoint, retryEndpoint } from './endpoints'
export { sendEmailDelivery, type EmailOutcome } from './email'
export { sendWebhookDelivery, type WebhookOutcome } from './webhook'
export { describeError, PermanentNotificationError, WebhookHttpError } from './errors'
export { notificationSettings, nextAttemptAt, type NotificationSettings } from './settings'
export {
  notificationTasks,
  notificationsDispatchTask,
  notificationsEmailTask,
  notificationsWebhookTask,
} from './tasks'
export { generateSecret, openSecret, resealSecret, sealSecret } from './secretBox'
export {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  hexSignatureMatches,
  signatureHeader,
  signatureOf,
  verifySignature,
  type SignatureCheck,
} from '../endpoints/signature'
export { EMAIL_EVENT_TYPES, renderEmail, type NoticeFacts } from './templates'
