import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../../i18n'
import { dateTimeField } from '../../../fields/dateTime'
import { appendOnlyAccess } from '../../../access/appendOnly'

/** What one reconciliation found: drift repaired by re-pushing billing, objects only in Watcher. */
export const ReconcileReports: CollectionConfig = {
  slug: 'reconcile-reports',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.reconcileReports.singular),
    plural: inEveryLanguage((admin) => admin.collections.reconcileReports.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.watcher),
    useAsTitle: 'summary',
    defaultColumns: ['createdAt', 'outcome', 'summary'],
    description: inEveryLanguage((admin) => admin.collections.reconcileReports.description),
  },
  access: appendOnlyAccess(),
  defaultSort: '-createdAt',
  fields: [
    {
      name: 'outcome',
      type: 'select',
      required: true,
      index: true,
      options: [
        { label: 'In line', value: 'in_line' },
        { label: 'Drift found', value: 'drift' },
        { label: 'Could not finish', value: 'error' },
      ],
    },
    { name: 'summary', type: 'text' },
    dateTimeField({ name: 'finishedAt' }),
    {
      name: 'repaired',
      type: 'array',
      admin: {
        description: "Documents whose Watcher copy differed; billing's state was pushed again.",
      },
      fields: [
        { name: 'collection', type: 'text', required: true },
        { name: 'documentId', type: 'number', required: true },
        { name: 'label', type: 'text' },
        { name: 'differences', type: 'textarea' },
      ],
    },
    {
      name: 'watcherOnly',
      type: 'array',
      label: 'Only in Watcher',
      admin: { description: 'Objects billing does not know; reported, never deleted.' },
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: ['organization', 'user', 'preset'],
        },
        { name: 'watcherId', type: 'number', required: true },
        { name: 'title', type: 'text' },
      ],
    },
    { name: 'error', type: 'textarea' },
  ],
}
