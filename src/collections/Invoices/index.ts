import { localeField } from '../../fields/locale'
import type { CollectionConfig } from 'payload'
import { staffManagedAccess } from '../../access/staffManaged'
import { taxRateField } from '../../fields/taxRate'
import { statusField } from '../../fields/status'
import { payerOrganizationField } from '../../fields/organization'
import { dateTimeField } from '../../fields/dateTime'
import { readByOrganizationField } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { MONEY_CELL, moneyField } from '../../fields/money'
import { wholeNumberField } from '../../fields/wholeNumber'
import { invoiceEndpoints } from '../../invoicing'
import { deleteDraftsOnly, freezeIssued } from './freezeIssued'
import { invoiceAllocations } from '../../payments'

const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/
const ADMIN = '/src/invoicing/admin'
// Set only by the invoice operations (generate, issue, pay, void); the API still lets staff
// correct a draft's fields, but the admin shows them as the operations left them. Spread, never
// shared: Payload's sanitizing writes into each field's admin object.
const setByOperations = { readOnly: true } as const
const moneyCell = { Cell: MONEY_CELL }

/** Invoices per payer organization and reporting month. Generation comes with the usage issue. */
export const Invoices: CollectionConfig<'invoices'> = {
  slug: 'invoices',
  labels: { singular: 'Invoice', plural: 'Invoices' },
  admin: {
    useAsTitle: 'number',
    defaultColumns: ['number', 'organization', 'period', 'status', 'total', 'currency', 'dueAt'],
    listSearchableFields: ['number', 'period'],
    group: 'Money',
    components: {
      beforeListTable: [`${ADMIN}/InvoiceListActions#InvoiceListActions`],
      edit: {
        beforeDocumentControls: [`${ADMIN}/InvoiceActions#InvoiceActions`],
        SaveButton: `${ADMIN}/InvoiceSaveButton#InvoiceSaveButton`,
      },
    },
  },
  endpoints: invoiceEndpoints,
  hooks: { beforeChange: [freezeIssued], beforeDelete: [deleteDraftsOnly] },
  disableDuplicate: true,
  access: staffManagedAccess(readByOrganizationField),
  fields: [
    {
      name: 'summary',
      type: 'ui',
      admin: { components: { Field: `${ADMIN}/InvoiceSummary#InvoiceSummary` } },
    },
    {
      type: 'row',
      fields: [
        payerOrganizationField(),
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
        statusField({
          defaultValue: 'draft',
          options: [
            { label: 'Draft', value: 'draft' },
            { label: 'Issued', value: 'issued' },
            { label: 'Paid', value: 'paid' },
            { label: 'Void', value: 'void' },
          ],
          admin: {
            ...setByOperations,
            components: { Cell: `${ADMIN}/InvoiceCells#InvoiceStatusCell` },
          },
        }),
      ],
    },
    {
      type: 'row',
      fields: [
        dateTimeField({
          name: 'periodStart',
          admin: setByOperations,
        }),
        dateTimeField({
          name: 'periodEnd',
          admin: setByOperations,
        }),
      ],
    },
    {
      name: 'number',
      type: 'text',
      unique: true,
      admin: {
        readOnly: true,
        description: 'Assigned when issued, e.g. INV-2026-000001.',
        components: { Cell: `${ADMIN}/InvoiceCells#InvoiceNumberCell` },
      },
    },
    {
      name: 'lines',
      type: 'array',
      admin: {
        ...setByOperations,
        initCollapsed: true,
        isSortable: false,
        components: { RowLabel: `${ADMIN}/InvoiceCells#InvoiceLineLabel` },
      },
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
          fields: [dateTimeField({ name: 'segmentStart' }), dateTimeField({ name: 'segmentEnd' })],
        },
        {
          type: 'row',
          fields: [
            wholeNumberField({ name: 'cameraSeconds', min: 0 }),
            {
              name: 'cameraDays',
              type: 'number',
              admin: { description: 'Camera-seconds / 86400, two decimals.' },
            },
            { name: 'averageCameras', type: 'number', admin: { description: 'Two decimals.' } },
            moneyField({ name: 'unitPrice', label: 'Monthly price per camera' }),
            moneyField({ name: 'amount', min: Number.MIN_SAFE_INTEGER }),
          ],
        },
        {
          name: 'usage',
          type: 'ui',
          admin: { components: { Field: `${ADMIN}/InvoiceLineUsage#InvoiceLineUsage` } },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        ...(['subtotal', 'tax', 'total'] as const).map((name) =>
          moneyField({
            name,
            min: Number.MIN_SAFE_INTEGER,
            admin: { ...setByOperations, components: { ...moneyCell } },
          }),
        ),
        currencyField(),
      ],
    },
    {
      // what has been settled so far, kept by the payment and credit note operations
      type: 'row',
      fields: [
        moneyField({
          name: 'amountPaid',
          admin: {
            ...setByOperations,
            description: 'Covered by payments and credit.',
            components: { ...moneyCell },
          },
        }),
        moneyField({
          name: 'amountCredited',
          admin: {
            ...setByOperations,
            description: 'Lowered by credit notes.',
            components: { ...moneyCell },
          },
        }),
        moneyField({
          name: 'amountDue',
          admin: {
            ...setByOperations,
            description: 'Total − paid − credited; set when issued.',
            components: { ...moneyCell },
          },
        }),
      ],
    },
    {
      name: 'allocations',
      type: 'json',
      virtual: true,
      admin: {
        readOnly: true,
        description:
          'Payments allocated to this invoice: [{ payment, amount, date, reference }], minor units.',
        components: {
          Field: '/src/payments/admin/InvoiceAllocationsField#InvoiceAllocationsField',
        },
      },
      hooks: { afterRead: [invoiceAllocations] },
    },
    {
      type: 'row',
      fields: [
        { name: 'issuedAt', type: 'date', admin: { ...setByOperations } },
        {
          name: 'dueAt',
          type: 'date',
          admin: { ...setByOperations, date: { displayFormat: 'MMM d, yyyy' } },
        },
        { name: 'paidAt', type: 'date', admin: { ...setByOperations } },
      ],
    },
    {
      type: 'row',
      fields: [
        taxRateField(),
        localeField({
          description: 'The language it was issued in (its PDF and e-mails); set when issued.',
          access: { create: () => false, update: () => false },
          admin: { readOnly: true },
        }),
        { name: 'paymentReference', type: 'text', admin: { description: 'Set when paid.' } },
        dateTimeField({
          name: 'generatedAt',
          admin: { readOnly: true },
        }),
      ],
    },
  ],
}
