import type { CollectionConfig } from 'payload'
import { payerOrganizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import { now } from '../../clock'
import { readByOrganizationField } from '../../access/scopedRead'
import { queueDunningCheckAfterMoneyIn } from '../../dunning'
import { currencyField } from '../../fields/currency'
import { MONEY_CELL, moneyField } from '../../fields/money'
import { PAYMENT_METHODS } from '../../ledger'
import {
  paymentEndpoints,
  allocateAndRecord,
  checkPayerAndCurrency,
  defaultDateAndCurrency,
} from '../../payments'

const byOperations = { readOnly: true } as const

/**
 * Money received from a payer. Recorded once (admin, REST with Idempotency-Key, GraphQL, the
 * signed webhook, the invoice's Record payment), always through the same hooks: allocated to the
 * payer's oldest open invoices, the rest kept as credit. Never edited or deleted: a refund or an
 * adjustment in the ledger corrects it.
 */
export const Payments: CollectionConfig<'payments'> = {
  slug: 'payments',
  labels: { singular: 'Payment', plural: 'Payments' },
  admin: {
    group: 'Money',
    useAsTitle: 'reference',
    defaultColumns: [
      'date',
      'organization',
      'amount',
      'currency',
      'method',
      'reference',
      'unallocated',
    ],
    listSearchableFields: ['reference'],
    description:
      'Money received. Allocated to the oldest open invoices first; the rest stays as credit.',
  },
  defaultSort: '-date',
  disableDuplicate: true,
  endpoints: paymentEndpoints,
  hooks: {
    beforeValidate: [defaultDateAndCurrency],
    beforeChange: [checkPayerAndCurrency],
    afterChange: [allocateAndRecord, queueDunningCheckAfterMoneyIn],
  },
  access: appendOnlyAccess({ read: readByOrganizationField, create: adminOrAccountant }),
  fields: [
    {
      type: 'row',
      fields: [
        payerOrganizationField(),
        {
          name: 'method',
          type: 'select',
          required: true,
          defaultValue: 'bank_transfer',
          options: PAYMENT_METHODS.map((value) => ({ label: value.replace('_', ' '), value })),
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'amount',
          required: true,
          min: 1,
          admin: { components: { Cell: MONEY_CELL } },
        }),
        currencyField({ defaultValue: undefined }),
        dateTimeField({
          name: 'date',
          required: true,
          index: true,
          defaultValue: () => now().toISOString(),
        }),
      ],
    },
    {
      name: 'reference',
      type: 'text',
      index: true,
      maxLength: 200,
      admin: { description: 'The bank or provider reference.' },
    },
    {
      name: 'allocations',
      type: 'array',
      admin: {
        ...byOperations,
        description: 'Set when recorded, and as credit is applied to later invoices.',
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'invoice',
              type: 'relationship',
              relationTo: 'invoices',
              required: true,
              index: true,
            },
            moneyField({ name: 'amount', required: true, min: 1 }),
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'unallocated',
          admin: {
            ...byOperations,
            description: 'Credit left for later invoices.',
            components: { Cell: MONEY_CELL },
          },
        }),
        moneyField({
          name: 'refunded',
          admin: { ...byOperations, description: 'Paid back to the payer out of its credit.' },
        }),
      ],
    },
    { name: 'createdBy', type: 'relationship', relationTo: 'users', admin: byOperations },
  ],
}
