import type { CollectionConfig } from 'payload'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import { readByOrganizationField } from '../../access/scopedRead'
import { queueDunningCheckAfterMoneyIn } from '../../dunning'
import { moneyField } from '../../fields/money'
import { creditNoteEndpoints, creditAndRecord, numberAndCheck } from '../../creditNotes'

// the amount in the row's currency (integer minor units underneath)
const MONEY_CELL = '/src/invoicing/admin/InvoiceCells#InvoiceMoneyCell'
const byOperations = { readOnly: true } as const

/**
 * A credit note on an issued or paid invoice (the invoice itself is never edited): numbered in
 * its own gapless yearly sequence (CN-2026-000001), with a PDF and a ledger credit. It lowers
 * what is due on the invoice; whatever exceeds that becomes the payer's credit.
 */
export const CreditNotes: CollectionConfig<'credit-notes'> = {
  slug: 'credit-notes',
  labels: { singular: 'Credit note', plural: 'Credit notes' },
  admin: {
    group: 'Money',
    useAsTitle: 'number',
    defaultColumns: ['number', 'invoice', 'organization', 'amount', 'currency', 'issuedAt'],
    listSearchableFields: ['number'],
    description: 'Credits on issued invoices, full or partial, with a reason.',
  },
  defaultSort: '-issuedAt',
  disableDuplicate: true,
  endpoints: creditNoteEndpoints,
  hooks: {
    beforeChange: [numberAndCheck],
    afterChange: [creditAndRecord, queueDunningCheckAfterMoneyIn],
  },
  access: {
    read: readByOrganizationField,
    create: adminOrAccountant,
    update: () => false,
    delete: () => false,
  },
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
          type: 'relationship',
          relationTo: 'invoices',
          required: true,
          index: true,
        },
        moneyField({
          name: 'amount',
          required: true,
          min: 1,
          admin: { components: { Cell: MONEY_CELL } },
        }),
      ],
    },
    { name: 'reason', type: 'textarea', required: true, maxLength: 2000 },
    {
      type: 'row',
      fields: [
        {
          name: 'number',
          type: 'text',
          unique: true,
          admin: { ...byOperations, description: 'Assigned when created, e.g. CN-2026-000001.' },
        },
        {
          name: 'organization',
          label: 'Payer organization',
          type: 'relationship',
          relationTo: 'organizations',
          index: true,
          admin: byOperations,
        },
        { name: 'currency', type: 'text', maxLength: 3, admin: byOperations },
        {
          name: 'issuedAt',
          type: 'date',
          index: true,
          admin: { ...byOperations, date: { pickerAppearance: 'dayAndTime' } },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'appliedToInvoice',
          admin: { ...byOperations, description: 'Lowered what was due on the invoice.' },
        }),
        moneyField({
          name: 'toCredit',
          admin: { ...byOperations, description: 'Beyond what was due: the payer’s credit.' },
        }),
      ],
    },
    { name: 'createdBy', type: 'relationship', relationTo: 'users', admin: byOperations },
  ],
}
