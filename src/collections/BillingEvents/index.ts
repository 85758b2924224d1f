import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../i18n'
import { organizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { EVENT_TYPES, isEventType } from '../../events'

/**
 * The outbox of business events (invoice issued, payment received, organization suspended…),
 * written in the same transaction as the change (`src/events/record.ts`). Webhook deliveries and
 * e-mails are fanned out from it; `dispatchedAt` is set once that is done. Read-only for staff.
 */
export const BillingEvents: CollectionConfig = {
  slug: 'billing-events',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.billingEvents.singular),
    plural: inEveryLanguage((admin) => admin.collections.billingEvents.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.notifications),
    useAsTitle: 'type',
    defaultColumns: ['occurredAt', 'type', 'organization', 'dispatchedAt'],
    description: inEveryLanguage((admin) => admin.collections.billingEvents.description),
  },
  access: appendOnlyAccess(),
  defaultSort: '-occurredAt',
  fields: [
    {
      name: 'eventId',
      label: inEveryLanguage((admin) => admin.fields.eventId),
      type: 'text',
      required: true,
      unique: true,
      index: true,
      admin: { readOnly: true },
    },
    {
      name: 'type',
      label: inEveryLanguage((admin) => admin.fields.type),
      type: 'text',
      required: true,
      index: true,
      validate: (value: unknown) =>
        isEventType(value) || `type must be one of ${EVENT_TYPES.join(', ')}`,
    },
    organizationField(),
    {
      name: 'data',
      label: inEveryLanguage((admin) => admin.fields.data),
      type: 'json',
      required: true,
    },
    dateTimeField({
      name: 'occurredAt',
      label: inEveryLanguage((admin) => admin.fields.occurredAt),
      required: true,
      index: true,
    }),
    dateTimeField({
      name: 'dispatchedAt',
      label: inEveryLanguage((admin) => admin.fields.dispatchedAt),
      index: true,
    }),
  ],
}
