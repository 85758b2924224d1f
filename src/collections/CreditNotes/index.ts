import type { CollectionConfig } from 'payload'
import { inEveryLanguage } from '../../i18n'
import { payerOrganizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import { readByOrganizationField } from '../../access/scopedRead'
import { queueDunningCheckAfterMoneyIn } from '../../dunning'
import { MONEY_CELL, moneyField } from '../../fields/money'
import { creditNoteEndpoints, creditAndRecord, numberAndCheck } from '../../creditNotes'

const byOperations = { readOnly: true } as const

/**
 * A credit note on an issued or paid invoice (the invoice itself is never edited): numbered in
 * its own gapless yearly sequence (CN-2026-000001), with a PDF and a ledger credit. It lowers
 * what is due on the invoice; whatever exceeds that becomes the payer's credit.
 */
export const CreditNotes: CollectionConfig<'credit-notes'> = {
  slug: 'credit-notes',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.creditNotes.singular),
    plural: inEveryLanguage((admin) => admin.collections.creditNotes.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
    useAsTitle: 'number',
    defaultColumns: ['number', 'invoice', 'organization', 'amount', 'currency', 'issuedAt'],
    listSearchableFields: ['number'],
    description: inEveryLanguage((admin) => admin.collections.creditNotes.description),
  },
  defaultSort: '-issuedAt',
  disableDuplicate: true,
  endpoints: creditNoteEndpoints,
  hooks: {
    beforeChange: [numberAndCheck],
    afterChange: [creditAndRecord, queueDunningCheckAfterMoneyIn],
  },
  access: appendOnlyAccess({ read: readByOrganizationField, create: adminOrAccountant }),
  fields: [
    {
      name: 'document',
      type: 'ui',
      admin: {
        components: { Field: '/src/creditNotes/admin/CreditNoteDocument#CreditNoteDocument' },
      },
    },
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
          admin: { components: { Cell: MONEY_CELL } },
        }),
      ],
    },
    {
      name: 'reason',
      label: inEveryLanguage((admin) => admin.fields.reason),
      type: 'textarea',
      required: true,
      maxLength: 2000,
    },
    {
      type: 'row',
      fields: [
        {
          name: 'number',
          label: inEveryLanguage((admin) => admin.fields.number),
          type: 'text',
          unique: true,
          admin: {
            ...byOperations,
            description: inEveryLanguage((admin) => admin.descriptions.creditNoteNumber),
          },
        },
        payerOrganizationField({ required: false, admin: byOperations }),
        {
          name: 'currency',
          label: inEveryLanguage((admin) => admin.fields.currency),
          type: 'text',
          maxLength: 3,
          admin: byOperations,
        },
        dateTimeField({
          name: 'issuedAt',
          label: inEveryLanguage((admin) => admin.fields.issuedAt),
          index: true,
          admin: byOperations,
        }),
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'appliedToInvoice',
          label: inEveryLanguage((admin) => admin.fields.appliedToInvoice),
          admin: {
            ...byOperations,
            description: inEveryLanguage((admin) => admin.descriptions.appliedToInvoice),
          },
        }),
        moneyField({
          name: 'toCredit',
          label: inEveryLanguage((admin) => admin.fields.toCredit),
          admin: {
            ...byOperations,
            description: inEveryLanguage((admin) => admin.descriptions.toCredit),
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
