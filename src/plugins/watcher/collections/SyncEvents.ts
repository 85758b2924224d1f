import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../../../i18n'
import { appendOnlyAccess } from '../../../access/appendOnly'

export const syncedCollections = ['subscriptions', 'organizations', 'users'] as const
export type SyncedCollection = (typeof syncedCollections)[number]
export const syncActions = ['upsert', 'delete', 'retire'] as const
export type SyncAction = (typeof syncActions)[number]
export const syncOutcomes = ['delivered', 'retrying', 'failed'] as const
export type SyncOutcome = (typeof syncOutcomes)[number]

/**
 * The access log of the integration: one row per attempt to bring a document into Watcher.
 * Written only by the sync jobs; it never holds a password, token or stream address.
 */
export const SyncEvents: CollectionConfig = {
  slug: 'sync-events',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.syncEvents.singular),
    plural: inEveryLanguage((admin) => admin.collections.syncEvents.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.watcher),
    useAsTitle: 'label',
    defaultColumns: [
      'createdAt',
      'collection',
      'label',
      'action',
      'outcome',
      'httpStatus',
      'durationMs',
      'cause',
    ],
    listSearchableFields: ['label', 'error', 'cause'],
    description: inEveryLanguage((admin) => admin.collections.syncEvents.description),
    components: { beforeListTable: ['/src/plugins/watcher/admin/WatcherActions#WatcherActions'] },
  },
  access: appendOnlyAccess(),
  defaultSort: '-createdAt',
  fields: [
    {
      name: 'collection',
      label: inEveryLanguage((admin) => admin.fields.collection),
      type: 'select',
      required: true,
      index: true,
      options: optionsInEveryLanguage(syncedCollections, (admin) => admin.options.syncCollections),
    },
    {
      name: 'documentId',
      label: inEveryLanguage((admin) => admin.fields.documentId),
      type: 'number',
      required: true,
      index: true,
    },
    {
      name: 'label',
      label: inEveryLanguage((admin) => admin.fields.documentLabel),
      type: 'text',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.syncLabel) },
    },
    {
      name: 'watcherId',
      label: inEveryLanguage((admin) => admin.fields.watcherId),
      type: 'number',
      index: true,
    },
    {
      name: 'action',
      label: inEveryLanguage((admin) => admin.fields.action),
      type: 'select',
      required: true,
      index: true,
      options: optionsInEveryLanguage(syncActions, (admin) => admin.options.syncActions),
    },
    {
      name: 'outcome',
      label: inEveryLanguage((admin) => admin.fields.outcome),
      type: 'select',
      required: true,
      index: true,
      options: optionsInEveryLanguage(syncOutcomes, (admin) => admin.options.syncOutcomes),
    },
    {
      name: 'attempt',
      label: inEveryLanguage((admin) => admin.fields.attempt),
      type: 'number',
      required: true,
    },
    {
      name: 'httpStatus',
      type: 'number',
      label: inEveryLanguage((admin) => admin.fields.httpStatus),
      index: true,
    },
    {
      name: 'durationMs',
      type: 'number',
      label: inEveryLanguage((admin) => admin.fields.durationMs),
    },
    { name: 'requests', type: 'number', label: inEveryLanguage((admin) => admin.fields.requests) },
    {
      name: 'changes',
      label: inEveryLanguage((admin) => admin.fields.changes),
      type: 'textarea',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.syncChanges) },
    },
    { name: 'error', label: inEveryLanguage((admin) => admin.fields.error), type: 'textarea' },
    {
      name: 'cause',
      label: inEveryLanguage((admin) => admin.fields.cause),
      type: 'text',
      index: true,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.syncCause) },
    },
  ],
}
