import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
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
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.payments.singular),
    plural: inEveryLanguage((admin) => admin.collections.payments.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
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
    description: inEveryLanguage((admin) => admin.collections.payments.description),
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
          label: inEveryLanguage((admin) => admin.fields.method),
          type: 'select',
          required: true,
          defaultValue: 'bank_transfer',
          options: optionsInEveryLanguage(PAYMENT_METHODS, (admin) => admin.options.paymentMethods),
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'amount',
          label: inEveryLanguage((admin) => admin.fields.amount),
          required: true,
          min: 1,
          admin: { components: { Cell: MONEY_CELL } },
        }),
        currencyField({ defaultValue: undefined }),
        dateTimeField({
          name: 'date',
          label: inEveryLanguage((admin) => admin.fields.date),
          required: true,
          index: true,
          defaultValue: () => now().toISOString(),
        }),
      ],
    },
    {
      name: 'reference',
      label: inEveryLanguage((admin) => admin.fields.reference),
      type: 'text',
      index: true,
      maxLength: 200,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.paymentBankReference) },
    },
    {
      name: 'allocations',
      label: inEveryLanguage((admin) => admin.fields.allocations),
      type: 'array',
      admin: {
        ...byOperations,
        description: inEveryLanguage((admin) => admin.descriptions.paymentAllocations),
      },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'invoice',
              label: inEveryLanguage((admin) => admin.fields.invoice),
              type: 'relationship',
              relationTo: 'invoices',
              required: true,
              index: true,
            },
            moneyField({
              name: 'amount',
              label: inEveryLanguage((admin) => admin.fields.amount),
              required: true,
              min: 1,
            }),
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'unallocated',
          label: inEveryLanguage((admin) => admin.fields.unallocated),
          admin: {
            ...byOperations,
            description: inEveryLanguage((admin) => admin.descriptions.unallocated),
            components: { Cell: MONEY_CELL },
          },
        }),
        moneyField({
          name: 'refunded',
          label: inEveryLanguage((admin) => admin.fields.refunded),
          admin: {
            ...byOperations,
            description: inEveryLanguage((admin) => admin.descriptions.refunded),
          },
        }),
      ],
    },
    {
      name: 'createdBy',
      label: inEveryLanguage((admin) => admin.fields.createdBy),
      type: 'relationship',
      relationTo: 'users',
      admin: byOperations,
    },
  ],
}
