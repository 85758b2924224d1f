import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../../../i18n'
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
      label: inEveryLanguage((admin) => admin.fields.outcome),
      type: 'select',
      required: true,
      index: true,
      options: optionsInEveryLanguage(
        ['in_line', 'drift', 'error'],
        (admin) => admin.options.reconcileOutcome,
      ),
    },
    { name: 'summary', label: inEveryLanguage((admin) => admin.fields.summary), type: 'text' },
    dateTimeField({
      name: 'finishedAt',
      label: inEveryLanguage((admin) => admin.fields.finishedAt),
    }),
    {
      name: 'repaired',
      label: inEveryLanguage((admin) => admin.fields.repaired),
      type: 'array',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.repaired) },
      fields: [
        {
          name: 'collection',
          label: inEveryLanguage((admin) => admin.fields.collection),
          type: 'text',
          required: true,
        },
        {
          name: 'documentId',
          label: inEveryLanguage((admin) => admin.fields.documentId),
          type: 'number',
          required: true,
        },
        {
          name: 'label',
          label: inEveryLanguage((admin) => admin.fields.documentLabel),
          type: 'text',
        },
        {
          name: 'differences',
          label: inEveryLanguage((admin) => admin.fields.differences),
          type: 'textarea',
        },
      ],
    },
    {
      name: 'watcherOnly',
      type: 'array',
      label: inEveryLanguage((admin) => admin.fields.watcherOnly),
      admin: { description: inEveryLanguage((admin) => admin.descriptions.watcherOnly) },
      fields: [
        {
          name: 'kind',
          label: inEveryLanguage((admin) => admin.fields.kind),
          type: 'select',
          required: true,
          options: optionsInEveryLanguage(
            ['organization', 'user', 'preset'],
            (admin) => admin.options.watcherKinds,
          ),
        },
        {
          name: 'watcherId',
          label: inEveryLanguage((admin) => admin.fields.watcherId),
          type: 'number',
          required: true,
        },
        { name: 'title', label: inEveryLanguage((admin) => admin.fields.title), type: 'text' },
      ],
    },
    { name: 'error', label: inEveryLanguage((admin) => admin.fields.error), type: 'textarea' },
  ],
}
