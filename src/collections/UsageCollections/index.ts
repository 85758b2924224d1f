import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'

/** One run of the usage collector: what it saw and what it could not bill. */
export const UsageCollections: CollectionConfig = {
  slug: 'usage-collections',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.usageCollections.singular),
    plural: inEveryLanguage((admin) => admin.collections.usageCollections.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
    useAsTitle: 'summary',
    defaultColumns: ['createdAt', 'outcome', 'cameras', 'opened', 'closed', 'unbilled'],
    description: inEveryLanguage((admin) => admin.collections.usageCollections.description),
  },
  access: appendOnlyAccess(),
  defaultSort: '-createdAt',
  fields: [
    {
      name: 'outcome',
      label: inEveryLanguage((admin) => admin.fields.outcome),
      type: 'select',
      required: true,
      options: optionsInEveryLanguage(['done', 'failed'], (admin) => admin.options.usageOutcome),
    },
    { name: 'summary', label: inEveryLanguage((admin) => admin.fields.summary), type: 'text' },
    dateTimeField({ name: 'startedAt', label: inEveryLanguage((admin) => admin.fields.startedAt) }),
    dateTimeField({
      name: 'finishedAt',
      label: inEveryLanguage((admin) => admin.fields.finishedAt),
    }),
    {
      name: 'cameras',
      label: inEveryLanguage((admin) => admin.fields.cameras),
      type: 'number',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.streamsSeen) },
    },
    {
      name: 'billable',
      label: inEveryLanguage((admin) => admin.fields.billable),
      type: 'number',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.camerasCounted) },
    },
    { name: 'opened', label: inEveryLanguage((admin) => admin.fields.opened), type: 'number' },
    { name: 'closed', label: inEveryLanguage((admin) => admin.fields.closed), type: 'number' },
    {
      name: 'unbilled',
      label: inEveryLanguage((admin) => admin.fields.unbilled),
      type: 'number',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.camerasUnattributed) },
    },
    {
      name: 'unbilledGroups',
      type: 'array',
      label: inEveryLanguage((admin) => admin.fields.unbilledGroups),
      fields: [
        {
          name: 'reason',
          label: inEveryLanguage((admin) => admin.fields.reason),
          type: 'text',
          required: true,
        },
        {
          name: 'watcherOrganizationId',
          label: inEveryLanguage((admin) => admin.fields.watcherOrganizationId),
          type: 'number',
        },
        {
          name: 'watcherPresetId',
          label: inEveryLanguage((admin) => admin.fields.watcherPresetId),
          type: 'number',
        },
        {
          name: 'cameras',
          label: inEveryLanguage((admin) => admin.fields.cameras),
          type: 'number',
          required: true,
        },
      ],
    },
    { name: 'error', label: inEveryLanguage((admin) => admin.fields.error), type: 'textarea' },
  ],
}
