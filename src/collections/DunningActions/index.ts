import type { CollectionConfig } from 'payload'
import { payerOrganizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { DUNNING_STAGES, STAGE_LABELS } from '../../billing/dunningPolicy'

/**
 * What dunning did, one row per (payer organization, invoice, action): the unique index is what
 * makes a stage fire once however often the run repeats. Written by the dunning run only.
 */
export const DunningActions: CollectionConfig<'dunning-actions'> = {
  slug: 'dunning-actions',
  labels: { singular: 'Dunning action', plural: 'Dunning actions' },
  admin: {
    group: 'Money',
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
    description:
      'Every dunning stage fired (reminder, warning, suspension, recording stop) and every restoration. Read-only.',
  },
  access: appendOnlyAccess(),
  defaultSort: '-firedAt',
  indexes: [{ fields: ['organization', 'invoice', 'action'], unique: true }],
  fields: [
    payerOrganizationField(),
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', required: true, index: true },
    {
      name: 'action',
      type: 'select',
      required: true,
      index: true,
      options: [
        ...DUNNING_STAGES.map((stage) => ({ label: STAGE_LABELS[stage], value: stage })),
        { label: 'Restoration', value: 'restoration' },
      ],
    },
    dateTimeField({
      name: 'firedAt',
      required: true,
      index: true,
    }),
    { name: 'daysOverdue', type: 'number' },
    {
      name: 'amountDue',
      type: 'number',
      admin: { description: 'Minor units of the invoice currency.' },
    },
    { name: 'currency', type: 'text' },
    {
      name: 'organizations',
      label: 'Organizations affected',
      type: 'relationship',
      relationTo: 'organizations',
      hasMany: true,
      admin: { description: 'Suspended or restored: the payer and the subsidiaries it pays for.' },
    },
    { name: 'note', type: 'text' },
  ],
}
