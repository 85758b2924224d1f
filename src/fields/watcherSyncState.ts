import type { Field, StaticDescription } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../i18n'
import { isStaff } from '../access/roles'

export const syncStatuses = ['pending', 'synced', 'failed'] as const
export type SyncStatus = (typeof syncStatuses)[number]

export interface WatcherSyncState {
  /** Stored Watcher id; read it as `watcher.id` through the APIs. */
  remoteId?: number | null
  id?: number | null
  status?: SyncStatus | null
  error?: string | null
  syncedAt?: string | null
  /** Users: billing sent a create and has no answer yet; a user found with its login is its own. */
  createRequestedAt?: string | null
}

/**
 * Where a synced document stands in Watcher (DESIGN.md section 5: the `watcher` group).
 * Only the sync jobs write it (with overrideAccess); staff read it, the API cannot set it.
 */
export const watcherSyncStateField = (description: StaticDescription): Field => ({
  name: 'watcher',
  type: 'group',
  label: inEveryLanguage((admin) => admin.fields.watcher),
  access: { read: ({ req }) => isStaff(req.user), create: () => false, update: () => false },
  admin: {
    position: 'sidebar',
    description,
    components: {
      Field: '/src/plugins/watcher/admin/SyncStateField#SyncStateField',
    },
  },
  fields: [
    {
      // The Postgres adapter never stores a field named `id` (it is the row id), so the Watcher id
      // is stored as `remoteId` and shown to every API as `watcher.id` (DESIGN.md section 5).
      name: 'remoteId',
      type: 'number',
      label: inEveryLanguage((admin) => admin.fields.watcherId),
      index: true,
      admin: { readOnly: true, hidden: true },
    },
    {
      name: 'id',
      type: 'number',
      label: inEveryLanguage((admin) => admin.fields.watcherId),
      virtual: true,
      admin: { readOnly: true },
      hooks: {
        afterRead: [
          ({ siblingData }) => (siblingData as WatcherSyncState | undefined)?.remoteId ?? null,
        ],
      },
    },
    {
      name: 'status',
      label: inEveryLanguage((admin) => admin.fields.status),
      type: 'select',
      options: optionsInEveryLanguage(syncStatuses, (admin) => admin.options.syncStatus),
      index: true,
      admin: { readOnly: true },
    },
    {
      name: 'error',
      type: 'textarea',
      label: inEveryLanguage((admin) => admin.fields.lastError),
      admin: { readOnly: true },
    },
    {
      name: 'syncedAt',
      type: 'date',
      label: inEveryLanguage((admin) => admin.fields.lastSynced),
      admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      // set before billing creates the object, cleared by the answer: a create whose answer was
      // lost is then told apart from an object someone else made with the same natural key
      name: 'createRequestedAt',
      type: 'date',
      admin: { readOnly: true, hidden: true },
    },
  ],
})
