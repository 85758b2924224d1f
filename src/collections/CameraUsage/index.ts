import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../i18n'
import { organizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { unindexedTimestamps } from '../../fields/unindexedTimestamps'
import { adminOnly } from '../../access/adminOnly'
import { readByOrganizationField } from '../../access/scopedRead'

/**
 * Camera time on a subscription, pulled from Watcher by the usage collector: one interval per
 * camera and subscription, open (`to` empty) while the camera is billable. The camera is known
 * only by a keyed hash of its stream name; nothing else about it is stored. Written only by the
 * collector. Two partial indexes live in the migrations only (Payload cannot declare them): one
 * open interval per camera, and the closed intervals by camera (where a returning camera starts).
 */
export const CameraUsage: CollectionConfig = {
  slug: 'camera-usage',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.cameraUsage.singular),
    plural: inEveryLanguage((admin) => admin.collections.cameraUsage.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
    defaultColumns: ['organization', 'subscription', 'from', 'to'],
    description: inEveryLanguage((admin) => admin.collections.cameraUsage.description),
  },
  access: {
    read: readByOrganizationField,
    create: () => false,
    update: () => false,
    delete: adminOnly,
  },
  defaultSort: '-from',
  fields: [
    organizationField(),
    {
      name: 'subscription',
      label: inEveryLanguage((admin) => admin.fields.subscription),
      type: 'relationship',
      relationTo: 'subscriptions',
      required: true,
      index: true,
    },
    {
      name: 'cameraKey',
      label: inEveryLanguage((admin) => admin.fields.cameraKey),
      type: 'text',
      required: true,
      index: true,
      // a camera identity, however hashed: the operator's admin only (accountants see counts)
      access: { read: ({ req }) => (req.user as { role?: string } | null)?.role === 'admin' },
      admin: { description: inEveryLanguage((admin) => admin.descriptions.cameraKey) },
    },
    {
      name: 'cameraKeyId',
      label: inEveryLanguage((admin) => admin.fields.cameraKeyId),
      type: 'text',
      access: { read: ({ req }) => (req.user as { role?: string } | null)?.role === 'admin' },
      admin: { description: inEveryLanguage((admin) => admin.descriptions.cameraKeyId) },
    },
    dateTimeField({
      name: 'from',
      label: inEveryLanguage((admin) => admin.fields.from),
      required: true,
      index: true,
    }),
    dateTimeField({
      name: 'to',
      label: inEveryLanguage((admin) => admin.fields.to),
      index: true,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.usageTo) },
    }),
    // a million rows on a first pull: no index on the two times nothing reads by
    ...unindexedTimestamps(),
  ],
}
