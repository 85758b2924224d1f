import type { CollectionConfig } from 'payload'
import { adminOrAccountant } from '../../access/adminOrAccountant'
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
  labels: { singular: 'Webhook delivery', plural: 'Webhook deliveries' },
  admin: {
    group: 'Notifications',
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
    description: 'Each outgoing webhook and how its delivery went.',
    hidden: ({ user }) => !isStaff(user),
  },
  access: {
    read: adminOrAccountant,
    create: () => false,
    update: () => false,
    delete: () => false,
  },
  defaultSort: '-createdAt',
  endpoints: [retryEndpoint('webhook-deliveries')],
  disableDuplicate: true,
  indexes: [{ fields: ['billingEvent', 'endpoint'], unique: true }],
  fields: [
    {
      name: 'billingEvent',
      type: 'relationship',
      relationTo: 'billing-events',
      index: true,
      admin: readOnly,
    },
    {
      name: 'eventId',
      label: 'Event id (X-Event-Id)',
      type: 'text',
      required: true,
      index: true,
      admin: readOnly,
    },
    { name: 'eventType', type: 'text', required: true, admin: readOnly },
    {
      name: 'organization',
      type: 'relationship',
      relationTo: 'organizations',
      index: true,
      admin: readOnly,
    },
    {
      name: 'endpoint',
      type: 'relationship',
      relationTo: 'webhook-endpoints',
      index: true,
      admin: readOnly,
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      index: true,
      options: WEBHOOK_DELIVERY_STATUSES.map((value) => ({ label: value, value })),
      admin: readOnly,
    },
    { name: 'attempts', type: 'number', required: true, defaultValue: 0, admin: readOnly },
    { name: 'lastHttpStatus', type: 'number', admin: readOnly },
    { name: 'lastError', type: 'text', admin: readOnly },
    {
      name: 'lastAttemptAt',
      type: 'date',
      admin: { ...readOnly, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'nextAttemptAt',
      type: 'date',
      admin: { ...readOnly, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'deliveredAt',
      type: 'date',
      index: true,
      admin: { ...readOnly, date: { pickerAppearance: 'dayAndTime' } },
    },
  ],
}
