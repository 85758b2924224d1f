import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../i18n'
import { deliveredEventFields, deliveryProgressFields } from '../../fields/billingEventDelivery'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { isStaff } from '../../access/roles'
import { retryEndpoint } from '../../notifications'

export const WEBHOOK_DELIVERY_STATUSES = [
  'pending',
  'retrying',
  'delivered',
  'failed',
  'cancelled',
] as const
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number]

const readOnly = { readOnly: true } as const

/**
 * One row per (billing event, endpoint): the unique pair is what makes a second dispatch, or a
 * crashed one, send nothing twice. Written by the dispatcher and the delivery job only; the admin
 * and the accountant read it. No secret and no signature in it.
 */
export const WebhookDeliveries: CollectionConfig = {
  slug: 'webhook-deliveries',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.webhookDeliveries.singular),
    plural: inEveryLanguage((admin) => admin.collections.webhookDeliveries.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.notifications),
    useAsTitle: 'eventType',
    defaultColumns: [
      'createdAt',
      'eventType',
      'endpoint',
      'status',
      'attempts',
      'lastHttpStatus',
      'deliveredAt',
    ],
    description: inEveryLanguage((admin) => admin.collections.webhookDeliveries.description),
    hidden: ({ user }) => !isStaff(user),
  },
  access: appendOnlyAccess(),
  defaultSort: '-createdAt',
  endpoints: [retryEndpoint('webhook-deliveries')],
  disableDuplicate: true,
  indexes: [{ fields: ['billingEvent', 'endpoint'], unique: true }],
  fields: [
    ...deliveredEventFields({
      eventIdLabel: inEveryLanguage((admin) => admin.fields.eventIdHeader),
    }),
    {
      name: 'endpoint',
      label: inEveryLanguage((admin) => admin.fields.endpoint),
      type: 'relationship',
      relationTo: 'webhook-endpoints',
      index: true,
      admin: readOnly,
    },
    ...deliveryProgressFields(WEBHOOK_DELIVERY_STATUSES),
    {
      name: 'lastHttpStatus',
      label: inEveryLanguage((admin) => admin.fields.lastHttpStatus),
      type: 'number',
      admin: readOnly,
    },
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
      name: 'nextAttemptAt',
      label: inEveryLanguage((admin) => admin.fields.nextAttemptAt),
      admin: readOnly,
    }),
    dateTimeField({
      name: 'deliveredAt',
      label: inEveryLanguage((admin) => admin.fields.deliveredAt),
      index: true,
      admin: readOnly,
    }),
  ],
}
