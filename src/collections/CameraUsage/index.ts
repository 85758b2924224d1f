import type { CollectionConfig } from 'payload'
import { organizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { adminOnly } from '../../access/adminOnly'
import { readByOrganizationField } from '../../access/scopedRead'

/**
 * Camera time on a subscription, pulled from Watcher by the usage collector: one interval per
 * camera and subscription, open (`to` empty) while the camera is billable. The camera is known
 * only by a keyed hash of its stream name; nothing else about it is stored. Written only by the
 * collector.
 */
export const CameraUsage: CollectionConfig = {
  slug: 'camera-usage',
  labels: { singular: 'Camera usage interval', plural: 'Camera usage' },
  admin: {
    group: 'Money',
    defaultColumns: ['organization', 'subscription', 'from', 'to'],
    description: 'Intervals during which a camera was billable on a subscription (from Watcher).',
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
      type: 'relationship',
      relationTo: 'subscriptions',
      required: true,
      index: true,
    },
    {
      name: 'cameraKey',
      type: 'text',
      required: true,
      index: true,
      // a camera identity, however hashed: the operator's admin only (accountants see counts)
      access: { read: ({ req }) => (req.user as { role?: string } | null)?.role === 'admin' },
      admin: { description: 'HMAC-SHA-256 of the stream name; not reversible.' },
    },
    {
      name: 'cameraKeyId',
      type: 'text',
      access: { read: ({ req }) => (req.user as { role?: string } | null)?.role === 'admin' },
      admin: {
        description:
          'Which PAYLOAD_SECRET made the camera key (first 8 hex of an HMAC of the secret); empty: made before key ids were kept. See README, "Rotating PAYLOAD_SECRET".',
      },
    },
    dateTimeField({
      name: 'from',
      required: true,
      index: true,
    }),
    dateTimeField({
      name: 'to',
      index: true,
      admin: { description: 'Empty while open.' },
    }),
  ],
}
