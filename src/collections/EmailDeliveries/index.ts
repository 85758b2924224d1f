import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../i18n'
import { deliveredEventFields, deliveryProgressFields } from '../../fields/billingEventDelivery'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { isStaff } from '../../access/roles'
import { retryEndpoint } from '../../notifications'

/**
 * `sending`: claimed by a job just before handing the message to the mail server. A job that finds
 * a delivery still `sending` knows an earlier try stopped half-way (it may have been sent): it marks
 * it failed instead of sending again, so an e-mail never goes out twice; an admin may retry it.
 */
export const EMAIL_DELIVERY_STATUSES = [
  'pending',
  'retrying',
  'sending',
  'sent',
  'failed',
  'skipped',
] as const
export type EmailDeliveryStatus = (typeof EMAIL_DELIVERY_STATUSES)[number]

const readOnly = { readOnly: true } as const

/**
 * One row per (billing event, recipient): the unique pair is what makes a second dispatch, or a
 * crashed one, mail nobody twice. Written by the dispatcher and the e-mail job only.
 */
export const EmailDeliveries: CollectionConfig = {
  slug: 'email-deliveries',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.emailDeliveries.singular),
    plural: inEveryLanguage((admin) => admin.collections.emailDeliveries.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.notifications),
    useAsTitle: 'subject',
    defaultColumns: [
      'createdAt',
      'eventType',
      'recipient',
      'subject',
      'status',
      'attempts',
      'sentAt',
    ],
    description: inEveryLanguage((admin) => admin.collections.emailDeliveries.description),
    hidden: ({ user }) => !isStaff(user),
  },
  access: appendOnlyAccess(),
  defaultSort: '-createdAt',
  endpoints: [retryEndpoint('email-deliveries')],
  disableDuplicate: true,
  indexes: [{ fields: ['billingEvent', 'recipient'], unique: true }],
  fields: [
    ...deliveredEventFields(),
    {
      name: 'recipient',
      label: inEveryLanguage((admin) => admin.fields.recipient),
      type: 'text',
      required: true,
      index: true,
      admin: readOnly,
    },
    {
      name: 'subject',
      label: inEveryLanguage((admin) => admin.fields.subject),
      type: 'text',
      admin: readOnly,
    },
    ...deliveryProgressFields(EMAIL_DELIVERY_STATUSES),
    {
      name: 'lastError',
      label: inEveryLanguage((admin) => admin.fields.lastError),
      type: 'text',
      admin: readOnly,
    },
    dateTimeField({
      name: 'lastAttemptAt',
      label: inEveryLanguage((admin) => admin.fields.lastAttemptAt),
      admin: readOnly,
    }),
    dateTimeField({
      name: 'sentAt',
      label: inEveryLanguage((admin) => admin.fields.sentAt),
      index: true,
      admin: readOnly,
    }),
    {
      name: 'messageId',
      label: inEveryLanguage((admin) => admin.fields.messageId),
      type: 'text',
      admin: readOnly,
    },
  ],
}
