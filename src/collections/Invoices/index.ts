import { localeField } from '../../fields/locale'
import type { CollectionConfig } from 'payload'
import { inEveryLanguage, optionsInEveryLanguage, requestMessages } from '../../i18n'
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
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.invoices.singular),
    plural: inEveryLanguage((admin) => admin.collections.invoices.plural),
  },
  admin: {
    useAsTitle: 'number',
    defaultColumns: ['number', 'organization', 'period', 'status', 'total', 'currency', 'dueAt'],
    listSearchableFields: ['number', 'period'],
    group: inEveryLanguage((admin) => admin.groups.money),
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
          label: inEveryLanguage((admin) => admin.fields.period),
          type: 'text',
          required: true,
          index: true,
          admin: { description: inEveryLanguage((admin) => admin.descriptions.period) },
          validate: (value: unknown, { req }: { req?: Parameters<typeof requestMessages>[0] }) =>
            typeof value === 'string' && PERIOD_PATTERN.test(value)
              ? true
              : requestMessages(req).validation.periodFormat,
        },
        statusField({
          defaultValue: 'draft',
          options: optionsInEveryLanguage(
            ['draft', 'issued', 'paid', 'void'],
            (admin) => admin.options.invoiceStatus,
          ),
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
          label: inEveryLanguage((admin) => admin.fields.periodStart),
          admin: setByOperations,
        }),
        dateTimeField({
          name: 'periodEnd',
          label: inEveryLanguage((admin) => admin.fields.periodEnd),
          admin: setByOperations,
        }),
      ],
    },
    {
      name: 'number',
      label: inEveryLanguage((admin) => admin.fields.number),
      type: 'text',
      unique: true,
      admin: {
        readOnly: true,
        description: inEveryLanguage((admin) => admin.descriptions.invoiceNumber),
        components: { Cell: `${ADMIN}/InvoiceCells#InvoiceNumberCell` },
      },
    },
    {
      name: 'lines',
      label: inEveryLanguage((admin) => admin.fields.lines),
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
            {
              name: 'organization',
              label: inEveryLanguage((admin) => admin.fields.organization),
              type: 'relationship',
              relationTo: 'organizations',
            },
            {
              name: 'subscription',
              label: inEveryLanguage((admin) => admin.fields.subscription),
              type: 'relationship',
              relationTo: 'subscriptions',
            },
          ],
        },
        {
          name: 'description',
          label: inEveryLanguage((admin) => admin.fields.description),
          type: 'text',
        },
        {
          type: 'row',
          fields: [
            dateTimeField({
              name: 'segmentStart',
              label: inEveryLanguage((admin) => admin.fields.segmentStart),
            }),
            dateTimeField({
              name: 'segmentEnd',
              label: inEveryLanguage((admin) => admin.fields.segmentEnd),
            }),
          ],
        },
        {
          type: 'row',
          fields: [
            wholeNumberField({
              name: 'cameraSeconds',
              label: inEveryLanguage((admin) => admin.fields.cameraSeconds),
              min: 0,
            }),
            {
              name: 'cameraDays',
              label: inEveryLanguage((admin) => admin.fields.cameraDays),
              type: 'number',
              admin: { description: inEveryLanguage((admin) => admin.descriptions.cameraDays) },
            },
            {
              name: 'averageCameras',
              label: inEveryLanguage((admin) => admin.fields.averageCameras),
              type: 'number',
              admin: { description: inEveryLanguage((admin) => admin.descriptions.twoDecimals) },
            },
            moneyField({
              name: 'unitPrice',
              label: inEveryLanguage((admin) => admin.fields.monthlyPrice),
            }),
            moneyField({
              name: 'amount',
              label: inEveryLanguage((admin) => admin.fields.amount),
              min: Number.MIN_SAFE_INTEGER,
            }),
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
            label: inEveryLanguage((admin) => admin.fields[name]),
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
          label: inEveryLanguage((admin) => admin.fields.amountPaid),
          admin: {
            ...setByOperations,
            description: inEveryLanguage((admin) => admin.descriptions.amountPaid),
            components: { ...moneyCell },
          },
        }),
        moneyField({
          name: 'amountCredited',
          label: inEveryLanguage((admin) => admin.fields.amountCredited),
          admin: {
            ...setByOperations,
            description: inEveryLanguage((admin) => admin.descriptions.amountCredited),
            components: { ...moneyCell },
          },
        }),
        moneyField({
          name: 'amountDue',
          label: inEveryLanguage((admin) => admin.fields.amountDue),
          admin: {
            ...setByOperations,
            description: inEveryLanguage((admin) => admin.descriptions.amountDue),
            components: { ...moneyCell },
          },
        }),
      ],
    },
    {
      name: 'allocations',
      label: inEveryLanguage((admin) => admin.fields.allocations),
      type: 'json',
      virtual: true,
      admin: {
        readOnly: true,
        description: inEveryLanguage((admin) => admin.descriptions.invoiceAllocations),
        components: {
          Field: '/src/payments/admin/InvoiceAllocationsField#InvoiceAllocationsField',
        },
      },
      hooks: { afterRead: [invoiceAllocations] },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'issuedAt',
          label: inEveryLanguage((admin) => admin.fields.issuedAt),
          type: 'date',
          admin: { ...setByOperations },
        },
        {
          name: 'dueAt',
          label: inEveryLanguage((admin) => admin.fields.dueAt),
          type: 'date',
          admin: { ...setByOperations, date: { displayFormat: 'MMM d, yyyy' } },
        },
        {
          name: 'paidAt',
          label: inEveryLanguage((admin) => admin.fields.paidAt),
          type: 'date',
          admin: { ...setByOperations },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        taxRateField(),
        localeField({
          description: inEveryLanguage((admin) => admin.descriptions.invoiceLocale),
          access: { create: () => false, update: () => false },
          admin: { readOnly: true },
        }),
        {
          name: 'paymentReference',
          label: inEveryLanguage((admin) => admin.fields.paymentReference),
          type: 'text',
          admin: { description: inEveryLanguage((admin) => admin.descriptions.paymentReference) },
        },
        dateTimeField({
          name: 'generatedAt',
          label: inEveryLanguage((admin) => admin.fields.generatedAt),
          admin: { readOnly: true },
        }),
      ],
    },
  ],
}
