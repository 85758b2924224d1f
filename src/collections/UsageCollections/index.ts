import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../i18n'
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
      type: 'select',
      required: true,
      options: [
        { label: 'Done', value: 'done' },
        { label: 'Failed', value: 'failed' },
      ],
    },
    { name: 'summary', type: 'text' },
    dateTimeField({ name: 'startedAt' }),
    dateTimeField({ name: 'finishedAt' }),
    { name: 'cameras', type: 'number', admin: { description: 'Streams seen in Watcher' } },
    {
      name: 'billable',
      type: 'number',
      admin: { description: 'Cameras counted on a subscription' },
    },
    { name: 'opened', type: 'number' },
    { name: 'closed', type: 'number' },
    {
      name: 'unbilled',
      type: 'number',
      admin: { description: 'Cameras billing could not attribute' },
    },
    {
      name: 'unbilledGroups',
      type: 'array',
      label: 'Unbilled cameras',
      fields: [
        { name: 'reason', type: 'text', required: true },
        { name: 'watcherOrganizationId', type: 'number' },
        { name: 'watcherPresetId', type: 'number' },
        { name: 'cameras', type: 'number', required: true },
      ],
    },
    { name: 'error', type: 'textarea' },
  ],
}
