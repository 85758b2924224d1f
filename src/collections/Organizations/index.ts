import { refuseDeleteWhenReferenced } from '../../hooks/refuseDeleteWhenReferenced'
import { staffManagedAccess } from '../../access/staffManaged'
import { taxRateField } from '../../fields/taxRate'
import { statusField } from '../../fields/status'
import { localeField } from '../../fields/locale'
import type { CollectionConfig } from 'payload'
import { readOwnOrganizations } from '../../access/scopedRead'
import { currencyField } from '../../fields/currency'
import { organizationBalance } from '../../ledger'
import { wholeNumberField } from '../../fields/wholeNumber'
import { dunningOrganizationFields } from './dunningFields'
import { addAdministratorMembership } from './hooks/addAdministratorMembership'
import {
  validateAdministrator,
  validateAvailableSubscriptions,
  validateDefaultSubscription,
  validateParent,
  validatePayer,
  validateTimezone,
} from './validation'

export const Organizations: CollectionConfig<'organizations'> = {
  slug: 'organizations',
  // what an invoice, payment, user or log row shows of its organization when it populates it: who
  // it is and where it stands, not its administrator, plans or ledger balance (read the
  // organization itself for those, or ask with `populate`)
  defaultPopulate: {
    title: true,
    parent: true,
    payer: true,
    status: true,
    timezone: true,
    locale: true,
  },
  labels: { singular: 'Organization', plural: 'Organizations' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'parent', 'payer', 'administrator', 'currency', 'status'],
    listSearchableFields: ['title'],
    group: 'Accounts',
    description: 'Subscriber accounts. Created only here; Watcher receives them.',
  },
  access: staffManagedAccess(readOwnOrganizations),
  hooks: {
    afterChange: [addAdministratorMembership],
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'invoices', field: 'organization', label: 'invoice(s)' },
          { collection: 'payments', field: 'organization', label: 'payment(s)' },
          { collection: 'ledger-entries', field: 'organization', label: 'ledger entr(ies)' },
          // its endpoints would lose their organization and become global: every organization's events
          { collection: 'webhook-endpoints', field: 'organization', label: 'webhook endpoint(s)' },
          // history whose organization column is NOT NULL (a suspended subsidiary has these without invoices)
          { collection: 'billing-events', field: 'organization', label: 'billing event(s)' },
          {
            collection: 'dunning-stream-holds',
            field: 'organization',
            label: 'stream(s) stopped by dunning',
          },
          { collection: 'camera-usage', field: 'organization', label: 'camera usage interval(s)' },
          { collection: 'organizations', field: 'parent', label: 'subsidiary organization(s)' },
        ],
        'Suspend it instead.',
      ),
    ],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 200, index: true },
    {
      type: 'row',
      fields: [
        {
          name: 'parent',
          type: 'relationship',
          relationTo: 'organizations',
          index: true,
          validate: validateParent,
          admin: { description: 'Optional: the organization this one is a subsidiary of.' },
        },
        {
          name: 'payer',
          type: 'select',
          required: true,
          defaultValue: 'self',
          options: [
            { label: 'Pays itself', value: 'self' },
            { label: 'Parent pays', value: 'parent' },
          ],
          validate: validatePayer,
        },
      ],
    },
    {
      name: 'administrator',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      validate: validateAdministrator,
      admin: {
        description:
          'Responsible for settlements; always a member with every permission, and the owner in Watcher.',
      },
    },
    {
      name: 'billingAddress',
      type: 'textarea',
      maxLength: 500,
      admin: {
        description:
          'Printed under its name on invoices and credit notes, line by line, as written.',
      },
    },
    // Notifications (issue 7): who besides the administrator receives billing e-mails.
    {
      name: 'billingContacts',
      type: 'array',
      labels: { singular: 'Billing contact', plural: 'Billing contacts' },
      maxRows: 20,
      admin: {
        description:
          'Also receive invoices, payment receipts, dunning notices and service notices (the administrator always does).',
      },
      fields: [{ name: 'email', type: 'email', required: true }],
    },
    {
      name: 'availableSubscriptions',
      type: 'relationship',
      relationTo: 'subscriptions',
      hasMany: true,
      validate: validateAvailableSubscriptions,
    },
    {
      name: 'defaultSubscription',
      type: 'relationship',
      relationTo: 'subscriptions',
      validate: validateDefaultSubscription,
      admin: { description: 'Must be one of the available subscriptions.' },
    },
    {
      type: 'row',
      fields: [
        wholeNumberField({
          name: 'cameraLimit',
          min: 0,
          max: 1_000_000,
          description: 'Empty: no limit.',
        }),
        wholeNumberField({
          name: 'userLimit',
          min: 0,
          max: 1_000_000,
          description: 'Empty: no limit.',
        }),
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'trialEndsAt',
          type: 'date',
          admin: { description: 'Camera time before this moment is not billed.' },
        },
        {
          name: 'timezone',
          type: 'text',
          required: true,
          defaultValue: 'UTC',
          validate: validateTimezone,
          admin: { description: 'IANA name, e.g. Europe/Berlin. Reporting months follow it.' },
        },
        localeField({
          defaultValue: 'en',
          description: 'Its invoices, e-mails and portal are in this language.',
        }),
      ],
    },
    {
      type: 'row',
      fields: [
        taxRateField({
          required: true,
          defaultValue: 0,
          description: '100 bp = 1 %. 2000 = 20 % VAT.',
        }),
        wholeNumberField({
          name: 'paymentTermsDays',
          label: 'Payment terms (days)',
          min: 0,
          max: 365,
          required: true,
          defaultValue: 14,
          description: 'An issued invoice is due this many days later.',
        }),
        currencyField(),
        statusField({
          defaultValue: 'active',
          options: [
            { label: 'Active', value: 'active' },
            { label: 'Suspended', value: 'suspended' },
          ],
        }),
      ],
    },
    // Payments and ledger (issue 7): the balance, summed from the ledger when read (nothing stored)
    {
      name: 'balance',
      type: 'json',
      virtual: true,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description:
          'Per currency, in minor units: amount > 0 is owed, < 0 is credit. From the ledger entries.',
        components: { Field: '/src/ledger/admin/BalanceField#BalanceField' },
      },
      hooks: { afterRead: [organizationBalance] },
    },
    // dunning: stage, since when, the overdue invoice (set by the run) and the policy override
    ...dunningOrganizationFields(),
  ],
}
