import type { CollectionConfig } from 'payload'
import { appendOnlyAccess } from '../../access/appendOnly'
import { dateTimeField } from '../../fields/dateTime'
import { inEveryLanguage } from '../../i18n'

/**
 * The audit record of a published price change (src/pricing/publish.ts): who published it, when,
 * the change as given and the subscriptions and services it changed. Written in the same
 * transaction as the new prices; staff read it, nobody edits it.
 */
export const PriceChanges: CollectionConfig<'price-changes'> = {
  slug: 'price-changes',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.priceChanges.singular),
    plural: inEveryLanguage((admin) => admin.collections.priceChanges.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.catalogue),
    defaultColumns: ['publishedAt', 'publishedBy', 'subscriptions', 'services'],
    description: inEveryLanguage((admin) => admin.collections.priceChanges.description),
  },
  access: appendOnlyAccess(),
  defaultSort: '-publishedAt',
  fields: [
    // not required in the schema: the record stays when the user is deleted (the link becomes empty)
    {
      name: 'publishedBy',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      label: inEveryLanguage((admin) => admin.fields.publishedBy),
    },
    dateTimeField({
      name: 'publishedAt',
      required: true,
      index: true,
      label: inEveryLanguage((admin) => admin.fields.publishedAt),
    }),
    {
      name: 'change',
      type: 'json',
      required: true,
      label: inEveryLanguage((admin) => admin.fields.priceChange),
    },
    {
      name: 'subscriptions',
      type: 'relationship',
      relationTo: 'subscriptions',
      hasMany: true,
      label: inEveryLanguage((admin) => admin.fields.subscriptions),
    },
    {
      name: 'services',
      type: 'relationship',
      relationTo: 'services',
      hasMany: true,
      label: inEveryLanguage((admin) => admin.fields.services),
    },
  ],
}
