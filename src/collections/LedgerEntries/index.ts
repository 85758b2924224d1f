import type { CollectionConfig } from 'payload'
import { payerOrganizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { appendOnlyAccess } from '../../access/appendOnly'
import { adminOrAccountant } from '../../access/adminOrAccountant'
import { now } from '../../clock'
import { readByOrganizationField } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { MONEY_CELL, moneyField } from '../../fields/money'
import { LEDGER_KINDS } from '../../ledger'
import { checkManualEntry, spendCreditOnRefund } from '../../payments'

const label = (value: string) => value[0]!.toUpperCase() + value.slice(1).replace('_', ' ')
const byOperations = { readOnly: true } as const

/**
 * The payer's ledger: one signed entry per money event (debit +: invoice issued, refund;
 * credit −: payment, credit note; adjustment either way). Entries are never changed or deleted
 * (no update/delete access, and a database trigger refuses both): a mistake is corrected by a
 * reversing entry. The balance per currency is the sum (src/ledger/balance.ts).
 */
export const LedgerEntries: CollectionConfig<'ledger-entries'> = {
  slug: 'ledger-entries',
  labels: { singular: 'Ledger entry', plural: 'Ledger entries' },
  admin: {
    group: 'Money',
    useAsTitle: 'reference',
    defaultColumns: ['occurredAt', 'organization', 'kind', 'amount', 'currency', 'reference'],
    description:
      'Debits (+) and credits (−) per payer. Immutable: correct a mistake with a reversing adjustment.',
  },
  defaultSort: '-occurredAt',
  disableDuplicate: true,
  hooks: { beforeChange: [checkManualEntry], afterChange: [spendCreditOnRefund] },
  // staff enter adjustments and refunds by hand; the other kinds come from the operations
  access: appendOnlyAccess({ read: readByOrganizationField, create: adminOrAccountant }),
  fields: [
    {
      type: 'row',
      fields: [
        payerOrganizationField(),
        {
          name: 'kind',
          type: 'select',
          required: true,
          defaultValue: 'adjustment',
          index: true,
          options: LEDGER_KINDS.map((value) => ({ label: label(value), value })),
        },
      ],
    },
    {
      type: 'row',
      fields: [
        moneyField({
          name: 'amount',
          required: true,
          min: Number.MIN_SAFE_INTEGER,
          description:
            'Signed, in minor units: + the payer owes more (debit), − the payer owes less (credit).',
          admin: { components: { Cell: MONEY_CELL } },
        }),
        currencyField({ defaultValue: undefined }),
      ],
    },
    {
      name: 'reference',
      type: 'text',
      index: true,
      maxLength: 200,
      admin: { description: 'Invoice or credit note number, payment reference.' },
    },
    {
      name: 'reason',
      type: 'textarea',
      maxLength: 2000,
      admin: { description: 'Required for adjustments and refunds.' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'invoice',
          type: 'relationship',
          relationTo: 'invoices',
          index: true,
          admin: byOperations,
        },
        {
          name: 'payment',
          type: 'relationship',
          relationTo: 'payments',
          index: true,
          admin: byOperations,
        },
        {
          name: 'creditNote',
          type: 'relationship',
          relationTo: 'credit-notes',
          index: true,
          admin: byOperations,
        },
      ],
    },
    {
      name: 'reverses',
      type: 'relationship',
      relationTo: 'ledger-entries',
      index: true,
      admin: { description: 'The entry this one reverses, if any.' },
    },
    {
      type: 'row',
      fields: [
        dateTimeField({
          name: 'occurredAt',
          required: true,
          index: true,
          defaultValue: () => now().toISOString(),
          admin: byOperations,
        }),
        { name: 'createdBy', type: 'relationship', relationTo: 'users', admin: byOperations },
      ],
    },
  ],
}
