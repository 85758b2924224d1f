import { refuseDeleteWhenReferenced } from '../../hooks/refuseDeleteWhenReferenced'
import { staffManagedAccess } from '../../access/staffManaged'
import { statusField } from '../../fields/status'
import type { CollectionConfig } from 'payload'
import { readAvailableSubscriptions } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { moneyField } from '../../fields/money'
import { applyServiceDefaults } from './hooks/applyServiceDefaults'
import { validatePrices } from './validatePrices'
import { validateServices } from './validateServices'

export const Subscriptions: CollectionConfig<'subscriptions'> = {
  slug: 'subscriptions',
  // what an invoice line, a usage interval or an organization's plans show of a subscription:
  // what it is called, costs and whether it is on sale; not its services (each one populated at
  // default depth, on every invoice line). Read the subscription itself (or ask with `populate`)
  // for them: the Watcher sync does.
  defaultPopulate: { title: true, currency: true, status: true, prices: true },
  labels: { singular: 'Subscription', plural: 'Subscriptions' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'services', 'currency', 'status', 'updatedAt'],
    listSearchableFields: ['title'],
    group: 'Catalogue',
    description: 'Plans: a set of services, sent to Watcher as a camera preset.',
    // "Try a price change" (src/pricing/admin)
    components: {
      edit: { beforeDocumentControls: ['/src/pricing/admin/TryPriceChange#TryPriceChange'] },
    },
  },
  access: staffManagedAccess(readAvailableSubscriptions),
  hooks: {
    beforeValidate: [applyServiceDefaults],
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'camera-usage', field: 'subscription', label: 'camera usage interval(s)' },
          { collection: 'invoices', field: 'lines.subscription', label: 'invoice line(s)' },
        ],
        'Archive it instead.',
      ),
    ],
  },
  fields: [
    {
      name: 'title',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 200,
      admin: { description: 'Also the title of the preset in Watcher.' },
    },
    {
      name: 'services',
      type: 'relationship',
      relationTo: 'services',
      hasMany: true,
      required: true,
      minRows: 1,
      validate: validateServices,
    },
    {
      name: 'prices',
      type: 'array',
      labels: { singular: 'Price', plural: 'Prices' },
      admin: {
        description:
          'Monthly price per camera, effective from each date. Left empty, one price equal to the sum of the services is added.',
        initCollapsed: false,
      },
      validate: validatePrices,
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'from',
              type: 'date',
              required: true,
              admin: { date: { pickerAppearance: 'dayOnly' } },
            },
            moneyField({ name: 'amount', label: 'Monthly price per camera', required: true }),
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        currencyField({}),
        statusField({
          defaultValue: 'active',
          options: [
            { label: 'Active', value: 'active' },
            { label: 'Archived', value: 'archived' },
          ],
          admin: { description: 'Archived plans stay on old invoices but are offered to no one.' },
        }),
      ],
    },
  ],
}
