import { refuseDeleteWhenReferenced } from '../../hooks/refuseDeleteWhenReferenced'
import { staffManagedAccess } from '../../access/staffManaged'
import { statusField } from '../../fields/status'
import type { CollectionConfig } from 'payload'
import { readAvailableSubscriptions } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
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
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.subscriptions.singular),
    plural: inEveryLanguage((admin) => admin.collections.subscriptions.plural),
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'services', 'currency', 'status', 'updatedAt'],
    listSearchableFields: ['title'],
    group: inEveryLanguage((admin) => admin.groups.catalogue),
    description: inEveryLanguage((admin) => admin.collections.subscriptions.description),
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
          { collection: 'camera-usage', field: 'subscription', counted: 'cameraUsageIntervals' },
          { collection: 'invoices', field: 'lines.subscription', counted: 'invoiceLines' },
        ],
        'subscription',
      ),
    ],
  },
  fields: [
    {
      name: 'title',
      label: inEveryLanguage((admin) => admin.fields.title),
      type: 'text',
      required: true,
      unique: true,
      maxLength: 200,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.subscriptionTitle) },
    },
    {
      name: 'services',
      label: inEveryLanguage((admin) => admin.fields.services),
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
      label: inEveryLanguage((admin) => admin.fields.prices),
      labels: {
        singular: inEveryLanguage((admin) => admin.fields.price),
        plural: inEveryLanguage((admin) => admin.fields.prices),
      },
      admin: {
        description: inEveryLanguage((admin) => admin.descriptions.prices),
        initCollapsed: false,
      },
      validate: validatePrices,
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'from',
              label: inEveryLanguage((admin) => admin.fields.from),
              type: 'date',
              required: true,
              admin: { date: { pickerAppearance: 'dayOnly' } },
            },
            moneyField({
              name: 'amount',
              label: inEveryLanguage((admin) => admin.fields.monthlyPrice),
              required: true,
            }),
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
          options: optionsInEveryLanguage(
            ['active', 'archived'],
            (admin) => admin.options.subscriptionStatus,
          ),
          admin: { description: inEveryLanguage((admin) => admin.descriptions.archivedPlans) },
        }),
      ],
    },
  ],
}
