import type { CollectionConfig } from 'payload'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import { readByOrganizationField } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { moneyField } from '../../fields/money'
import { wholeNumberField } from '../../fields/wholeNumber'
import { invoiceEndpoints } from '../../invoicing/endpoints'
import { freezeIssued } from './freezeIssued'

const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

/** Invoices per payer organization and reporting month. Generation comes with the usage issue. */
export const Invoices: CollectionConfig<'invoices'> = {
  slug: 'invoices',
  labels: { singular: 'Invoice', plural: 'Invoices' },
  admin: {
    useAsTitle: 'number',
    defaultColumns: ['number', 'organization', 'period', 'status', 'total', 'currency', 'dueAt'],
    listSearchableFields: ['number', 'period'],
    group: 'Money',
  },
  endpoints: invoiceEndpoints,
  hooks: { beforeChange: [freezeIssued] },
  access: {
    read: readByOrganizationField,
    create: adminOrAccountant,
    update: adminOrAccountant,
    delete: adminOrAccountant,
  },
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'organization',
          label: 'Payer organization',
          type: 'relationship',
          relationTo: 'organizations',
          required: true,
          index: true,
        },
        {
          name: 'period',
          type: 'text',
          required: true,
          index: true,
          admin: { description: 'Reporting month, e.g. 2026-10.' },
          validate: (value: unknown) =>
            typeof value === 'string' && PERIOD_PATTERN.test(value)
              ? true
              : 'The period is a month written YYYY-MM, e.g. 2026-10.',
        },
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'draft',
          index: true,
          options: [
            { label: 'Draft', value: 'draft' },
            { label: 'Issued', value: 'issued' },
            { label: 'Paid', value: 'paid' },
            { label: 'Void', value: 'void' },
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'periodStart', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'periodEnd', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    {
      name: 'number',
      type: 'text',
      unique: true,
      admin: { readOnly: true, description: 'Assigned when issued, e.g. INV-2026-000001.' },
    },
    {
      name: 'lines',
      type: 'array',
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'organization', type: 'relationship', relationTo: 'organizations' },
            { name: 'subscription', type: 'relationship', relationTo: 'subscriptions' },
          ],
        },
        { name: 'description', type: 'text' },
        {
          type: 'row',
          fields: [
            { name: 'segmentStart', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
            { name: 'segmentEnd', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
          ],
        },
        {
          type: 'row',
          fields: [
            wholeNumberField({ name: 'cameraSeconds', min: 0 }),
            { name: 'cameraDays', type: 'number', admin: { description: 'Camera-seconds / 86400, two decimals.' } },
            { name: 'averageCameras', type: 'number', admin: { description: 'Two decimals.' } },
            moneyField({ name: 'unitPrice', label: 'Monthly price per camera' }),
            moneyField({ name: 'amount', min: Number.MIN_SAFE_INTEGER }),
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({ name: 'subtotal', min: Number.MIN_SAFE_INTEGER }),
        moneyField({ name: 'tax', min: Number.MIN_SAFE_INTEGER }),
        moneyField({ name: 'total', min: Number.MIN_SAFE_INTEGER }),
        currencyField(),
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'issuedAt', type: 'date' },
        { name: 'dueAt', type: 'date' },
        { name: 'paidAt', type: 'date' },
      ],
    },
    {
      type: 'row',
      fields: [
        wholeNumberField({ name: 'taxRateBp', label: 'Tax rate (basis points)', min: 0, max: 10_000 }),
        { name: 'paymentReference', type: 'text', admin: { description: 'Set when paid.' } },
        { name: 'generatedAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
  ],
}
