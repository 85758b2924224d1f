import type { CollectionConfig } from 'payload'
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
        payerOrganizationField({ required: false, admin: byOperations }),
        { name: 'currency', type: 'text', maxLength: 3, admin: byOperations },
        dateTimeField({
          name: 'issuedAt',
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
