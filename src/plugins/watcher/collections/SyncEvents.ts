import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../../i18n'
import { appendOnlyAccess } from '../../../access/appendOnly'

export const syncedCollections = ['subscriptions', 'organizations', 'users'] as const
export type SyncedCollection = (typeof syncedCollections)[number]
export const syncActions = ['upsert', 'delete', 'retire'] as const
export type SyncAction = (typeof syncActions)[number]
export const syncOutcomes = ['delivered', 'retrying', 'failed'] as const
export type SyncOutcome = (typeof syncOutcomes)[number]

const options = (values: readonly string[]) => values.map((value) => ({ label: value, value }))

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
      type: 'select',
      required: true,
      index: true,
      options: options(syncedCollections),
    },
    { name: 'documentId', type: 'number', required: true, index: true },
    { name: 'label', type: 'text', admin: { description: 'Title or login of the document' } },
    { name: 'watcherId', type: 'number', index: true },
    { name: 'action', type: 'select', required: true, index: true, options: options(syncActions) },
    {
      name: 'outcome',
      type: 'select',
      required: true,
      index: true,
      options: options(syncOutcomes),
    },
    { name: 'attempt', type: 'number', required: true },
    { name: 'httpStatus', type: 'number', label: 'HTTP status', index: true },
    { name: 'durationMs', type: 'number', label: 'Duration (ms)' },
    { name: 'requests', type: 'number', label: 'Watcher calls' },
    {
      name: 'changes',
      type: 'textarea',
      admin: { description: 'What was changed in Watcher (counts only for streams)' },
    },
    { name: 'error', type: 'textarea' },
    {
      name: 'cause',
      type: 'text',
      index: true,
      admin: { description: 'Who or what caused the change' },
    },
  ],
}
