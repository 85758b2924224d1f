import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
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

const byOperations = { readOnly: true } as const

/**
 * The payer's ledger: one signed entry per money event (debit +: invoice issued, refund;
 * credit −: payment, credit note; adjustment either way). Entries are never changed or deleted
 * (no update/delete access, and a database trigger refuses both): a mistake is corrected by a
 * reversing entry. The balance per currency is the sum (src/ledger/balance.ts).
 */
export const LedgerEntries: CollectionConfig<'ledger-entries'> = {
  slug: 'ledger-entries',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.ledgerEntries.singular),
    plural: inEveryLanguage((admin) => admin.collections.ledgerEntries.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.money),
    useAsTitle: 'reference',
    defaultColumns: ['occurredAt', 'organization', 'kind', 'amount', 'currency', 'reference'],
    description: inEveryLanguage((admin) => admin.collections.ledgerEntries.description),
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
          label: inEveryLanguage((admin) => admin.fields.kind),
          type: 'select',
          required: true,
          defaultValue: 'adjustment',
          index: true,
          options: optionsInEveryLanguage(LEDGER_KINDS, (admin) => admin.options.ledgerKinds),
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
          min: Number.MIN_SAFE_INTEGER,
          description: inEveryLanguage((admin) => admin.descriptions.ledgerAmount),
          admin: { components: { Cell: MONEY_CELL } },
        }),
        currencyField({ defaultValue: undefined }),
      ],
    },
    {
      name: 'reference',
      label: inEveryLanguage((admin) => admin.fields.reference),
      type: 'text',
      index: true,
      maxLength: 200,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.ledgerReference) },
    },
    {
      name: 'reason',
      label: inEveryLanguage((admin) => admin.fields.reason),
      type: 'textarea',
      maxLength: 2000,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.ledgerReason) },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'invoice',
          label: inEveryLanguage((admin) => admin.fields.invoice),
          type: 'relationship',
          relationTo: 'invoices',
          index: true,
          admin: byOperations,
        },
        {
          name: 'payment',
          label: inEveryLanguage((admin) => admin.fields.payment),
          type: 'relationship',
          relationTo: 'payments',
          index: true,
          admin: byOperations,
        },
        {
          name: 'creditNote',
          label: inEveryLanguage((admin) => admin.fields.creditNote),
          type: 'relationship',
          relationTo: 'credit-notes',
          index: true,
          admin: byOperations,
        },
      ],
    },
    {
      name: 'reverses',
      label: inEveryLanguage((admin) => admin.fields.reverses),
      type: 'relationship',
      relationTo: 'ledger-entries',
      index: true,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.reverses) },
    },
    {
      type: 'row',
      fields: [
        dateTimeField({
          name: 'occurredAt',
          label: inEveryLanguage((admin) => admin.fields.occurredAt),
          required: true,
          index: true,
          defaultValue: () => now().toISOString(),
          admin: byOperations,
        }),
        {
          name: 'createdBy',
          label: inEveryLanguage((admin) => admin.fields.createdBy),
          type: 'relationship',
          relationTo: 'users',
          admin: byOperations,
        },
      ],
    },
  ],
}
