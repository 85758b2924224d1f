import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../../i18n'
import { organizationField } from '../../../fields/organization'
import { adminOnly } from '../../../access/adminOnly'

export const STREAM_HOLDS_SLUG = 'dunning-stream-holds'

/**
 * Streams the recording stop disabled, by camera key (never a stream name): restoration enables
 * these and nothing else, so a stream disabled before stays disabled. Watcher-side state, written
 * by the Watcher sync (sync/suspension.ts, through store.ts); its slug and table
 * (`dunning_stream_holds`) keep the name they were created with.
 */
export const StreamHolds: CollectionConfig = {
  slug: STREAM_HOLDS_SLUG,
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.streamHolds.singular),
    plural: inEveryLanguage((admin) => admin.collections.streamHolds.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.watcher),
    defaultColumns: ['organization', 'cameraKey', 'createdAt'],
    hidden: ({ user }) => (user as { role?: string } | null)?.role !== 'admin',
    description: inEveryLanguage((admin) => admin.collections.streamHolds.description),
  },
  // camera keys are for admins only (accountants never see camera identities)
  access: { read: adminOnly, create: () => false, update: () => false, delete: () => false },
  indexes: [{ fields: ['organization', 'cameraKey'], unique: true }],
  fields: [
    organizationField(),
    {
      name: 'cameraKey',
      label: inEveryLanguage((admin) => admin.fields.cameraKey),
      type: 'text',
      required: true,
    },
    // which PAYLOAD_SECRET made the key (src/plugins/watcher/usage/cameraKey.ts); empty: from before key ids
    {
      name: 'cameraKeyId',
      label: inEveryLanguage((admin) => admin.fields.cameraKeyId),
      type: 'text',
    },
  ],
}
