import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
import { payerOrganizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { DUNNING_STAGES } from '../../billing/dunningPolicy'

/**
 * What dunning did, one row per (payer organization, invoice, action): the unique index is what
 * makes a stage fire once however often the run repeats. Written by the dunning run only.
 */
export const DunningActions: CollectionConfig<'dunning-actions'> = {
  slug: 'dunning-actions',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.dunningActions.singular),
    plural: inEveryLanguage((admin) => admin.collections.dunningActions.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
    useAsTitle: 'action',
    defaultColumns: [
      'firedAt',
      'organization',
      'invoice',
      'action',
      'daysOverdue',
      'amountDue',
      'currency',
      'organizations',
    ],
    description: inEveryLanguage((admin) => admin.collections.dunningActions.description),
  },
  access: appendOnlyAccess(),
  defaultSort: '-firedAt',
  indexes: [{ fields: ['organization', 'invoice', 'action'], unique: true }],
  fields: [
    payerOrganizationField(),
    {
      name: 'invoice',
      label: inEveryLanguage((admin) => admin.fields.invoice),
      type: 'relationship',
      relationTo: 'invoices',
      required: true,
      index: true,
    },
    {
      name: 'action',
      label: inEveryLanguage((admin) => admin.fields.action),
      type: 'select',
      required: true,
      index: true,
      options: optionsInEveryLanguage(
        [...DUNNING_STAGES, 'restoration'],
        (admin) => admin.options.dunningStages,
      ),
    },
    dateTimeField({
      name: 'firedAt',
      label: inEveryLanguage((admin) => admin.fields.firedAt),
      required: true,
      index: true,
    }),
    {
      name: 'daysOverdue',
      label: inEveryLanguage((admin) => admin.fields.daysOverdue),
      type: 'number',
    },
    {
      name: 'amountDue',
      label: inEveryLanguage((admin) => admin.fields.amountDue),
      type: 'number',
      admin: { description: inEveryLanguage((admin) => admin.descriptions.dunningAmountDue) },
    },
    { name: 'currency', label: inEveryLanguage((admin) => admin.fields.currency), type: 'text' },
    {
      name: 'organizations',
      label: inEveryLanguage((admin) => admin.fields.organizationsAffected),
      type: 'relationship',
      relationTo: 'organizations',
      hasMany: true,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.organizationsAffected) },
    },
    { name: 'note', label: inEveryLanguage((admin) => admin.fields.note), type: 'text' },
  ],
}
