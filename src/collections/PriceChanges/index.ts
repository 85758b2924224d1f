import type { CollectionConfig } from 'payload'
import { appendOnlyAccess } from '../../access/appendOnly'
import { dateTimeField } from '../../fields/dateTime'

/**
 * The audit record of a published price change (src/pricing/publish.ts): who published it, when,
 * the change as given and the subscriptions and services it changed. Written in the same
 * transaction as the new prices; staff read it, nobody edits it.
 */
export const PriceChanges: CollectionConfig<'price-changes'> = {
  slug: 'price-changes',
  labels: { singular: 'Price change', plural: 'Price changes' },
  admin: {
    group: 'Catalogue',
    defaultColumns: ['publishedAt', 'publishedBy', 'subscriptions', 'services'],
    description:
      'Price changes published from “Try a price change”, with who published them. Read-only.',
  },
  access: appendOnlyAccess(),
  defaultSort: '-publishedAt',
  fields: [
    // not required in the schema: the record stays when the user is deleted (the link becomes empty)
    { name: 'publishedBy', type: 'relationship', relationTo: 'users', index: true },
    dateTimeField({ name: 'publishedAt', required: true, index: true }),
    { name: 'change', type: 'json', required: true },
    { name: 'subscriptions', type: 'relationship', relationTo: 'subscriptions', hasMany: true },
    { name: 'services', type: 'relationship', relationTo: 'services', hasMany: true },
  ],
}
