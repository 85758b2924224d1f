import type { CollectionConfig } from 'payload'
import { staffManagedAccess } from '../../access/staffManaged'
import { readServicesOfAvailableSubscriptions } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { inEveryLanguage, optionsInEveryLanguage, requestMessages } from '../../i18n'
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
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.services.singular),
    plural: inEveryLanguage((admin) => admin.collections.services.plural),
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', 'price', 'currency', 'updatedAt'],
    listSearchableFields: ['title'],
    group: inEveryLanguage((admin) => admin.groups.catalogue),
    description: inEveryLanguage((admin) => admin.collections.services.description),
    // "Try a price change" (src/pricing/admin)
    components: {
      edit: { beforeDocumentControls: ['/src/pricing/admin/TryPriceChange#TryPriceChange'] },
    },
  },
  access: staffManagedAccess(readServicesOfAvailableSubscriptions),
  hooks: { beforeChange: [clearSettingsOfOtherKinds] },
  fields: [
    {
      name: 'title',
      label: inEveryLanguage((admin) => admin.fields.title),
      type: 'text',
      required: true,
      maxLength: 200,
    },
    {
      name: 'kind',
      label: inEveryLanguage((admin) => admin.fields.kind),
      type: 'select',
      required: true,
      options: optionsInEveryLanguage(
        serviceKinds.map((kind) => kind.value),
        (admin) => admin.options.serviceKinds,
      ),
      admin: { description: inEveryLanguage((admin) => admin.descriptions.serviceKind) },
    },
    {
      ...wholeNumberField({
        name: 'archiveDays',
        label: inEveryLanguage((admin) => admin.fields.archiveDays),
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
        label: inEveryLanguage((admin) => admin.fields.eventArchiveDays),
        min: 1,
        max: 3650,
        required: true,
        applies: kindIs('event_archive'),
      }),
      admin: { step: 1, condition: (_, sibling) => sibling?.kind === 'event_archive' },
    },
    {
      name: 'analytics',
      label: inEveryLanguage((admin) => admin.fields.analytics),
      type: 'select',
      options: optionsInEveryLanguage(['faces', 'plates'], (admin) => admin.options.analytics),
      admin: { condition: (_, sibling) => sibling?.kind === 'analytics' },
      validate: (
        value: unknown,
        { siblingData, req }: { siblingData: unknown; req?: Parameters<typeof requestMessages>[0] },
      ) => {
        const kind = (siblingData as { kind?: string } | undefined)?.kind
        if (kind !== 'analytics') return true
        return value === 'faces' || value === 'plates'
          ? true
          : requestMessages(req).validation.analyticsNeedsAlgorithm
      },
    },
    {
      ...wholeNumberField({
        name: 'storageGb',
        label: inEveryLanguage((admin) => admin.fields.storageGb),
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
          label: inEveryLanguage((admin) => admin.fields.monthlyPrice),
          required: true,
        }),
        currencyField({ defaultValue: 'USD', validate: validateCurrencyMatchesSubscriptions }),
      ],
    },
  ],
}
