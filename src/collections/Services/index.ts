import type { CollectionConfig } from 'payload'
import { staffManagedAccess } from '../../access/staffManaged'
import { readServicesOfAvailableSubscriptions } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { moneyField } from '../../fields/money'
import { wholeNumberField } from '../../fields/wholeNumber'
import { clearSettingsOfOtherKinds } from './hooks/clearSettingsOfOtherKinds'
import { serviceKinds, type ServiceKind } from './kinds'
import { validateCurrencyMatchesSubscriptions } from './validateCurrencyMatchesSubscriptions'

const kindIs =
  (kind: ServiceKind) =>
  (siblingData: Record<string, unknown>): boolean =>
    siblingData.kind === kind

export const Services: CollectionConfig<'services'> = {
  slug: 'services',
  labels: { singular: 'Service', plural: 'Services' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', 'price', 'currency', 'updatedAt'],
    listSearchableFields: ['title'],
    group: 'Catalogue',
    description:
      'Priced building blocks of subscriptions: archive days, event archive, analytics, storage.',
    // "Try a price change" (src/pricing/admin)
    components: {
      edit: { beforeDocumentControls: ['/src/pricing/admin/TryPriceChange#TryPriceChange'] },
    },
  },
  access: staffManagedAccess(readServicesOfAvailableSubscriptions),
  hooks: { beforeChange: [clearSettingsOfOtherKinds] },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    {
      name: 'kind',
      type: 'select',
      required: true,
      options: serviceKinds.map((kind) => ({ label: kind.label, value: kind.value })),
      admin: { description: 'What the service adds to a camera preset in Watcher.' },
    },
    {
      ...wholeNumberField({
        name: 'archiveDays',
        label: 'Continuous archive (days)',
        min: 1,
        max: 3650,
        required: true,
        applies: kindIs('continuous_archive'),
      }),
      admin: { step: 1, condition: (_, sibling) => sibling?.kind === 'continuous_archive' },
    },
    {
      ...wholeNumberField({
        name: 'eventArchiveDays',
        label: 'Event archive (days)',
        min: 1,
        max: 3650,
        required: true,
        applies: kindIs('event_archive'),
      }),
      admin: { step: 1, condition: (_, sibling) => sibling?.kind === 'event_archive' },
    },
    {
      name: 'analytics',
      type: 'select',
      options: [
        { label: 'Face recognition', value: 'faces' },
        { label: 'Licence plate recognition', value: 'plates' },
      ],
      admin: { condition: (_, sibling) => sibling?.kind === 'analytics' },
      validate: (value: unknown, { siblingData }: { siblingData: unknown }) => {
        const kind = (siblingData as { kind?: string } | undefined)?.kind
        if (kind !== 'analytics') return true
        return value === 'faces' || value === 'plates'
          ? true
          : 'An analytics service needs its algorithm: faces or plates.'
      },
    },
    {
      ...wholeNumberField({
        name: 'storageGb',
        label: 'Storage (GB)',
        min: 1,
        max: 1_000_000,
        required: true,
        applies: kindIs('storage'),
      }),
      admin: { step: 1, condition: (_, sibling) => sibling?.kind === 'storage' },
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'price',
          label: 'Monthly price per camera',
          required: true,
        }),
        currencyField({ defaultValue: 'USD', validate: validateCurrencyMatchesSubscriptions }),
      ],
    },
  ],
}
