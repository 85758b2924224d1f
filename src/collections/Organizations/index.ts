import { refuseDeleteWhenReferenced } from '../../hooks/refuseDeleteWhenReferenced'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
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
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.organizations.singular),
    plural: inEveryLanguage((admin) => admin.collections.organizations.plural),
  },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'parent', 'payer', 'administrator', 'currency', 'status'],
    listSearchableFields: ['title'],
    group: inEveryLanguage((admin) => admin.groups.accounts),
    description: inEveryLanguage((admin) => admin.collections.organizations.description),
  },
  access: staffManagedAccess(readOwnOrganizations),
  hooks: {
    afterChange: [addAdministratorMembership],
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'invoices', field: 'organization', counted: 'invoices' },
          { collection: 'payments', field: 'organization', counted: 'payments' },
          { collection: 'ledger-entries', field: 'organization', counted: 'ledgerEntries' },
          // its endpoints would lose their organization and become global: every organization's events
          { collection: 'webhook-endpoints', field: 'organization', counted: 'webhookEndpoints' },
          // history whose organization column is NOT NULL (a suspended subsidiary has these without invoices)
          { collection: 'billing-events', field: 'organization', counted: 'billingEvents' },
          {
            collection: 'dunning-stream-holds',
            field: 'organization',
            counted: 'stoppedStreams',
          },
          { collection: 'camera-usage', field: 'organization', counted: 'cameraUsageIntervals' },
          { collection: 'organizations', field: 'parent', counted: 'subsidiaries' },
        ],
        'organization',
      ),
    ],
  },
  fields: [
    {
      name: 'title',
      label: inEveryLanguage((admin) => admin.fields.title),
      type: 'text',
      required: true,
      maxLength: 200,
      index: true,
    },
    {
      type: 'row',
      fields: [
        {
          name: 'parent',
          label: inEveryLanguage((admin) => admin.fields.parent),
          type: 'relationship',
          relationTo: 'organizations',
          index: true,
          validate: validateParent,
          admin: { description: inEveryLanguage((admin) => admin.descriptions.parent) },
        },
        {
          name: 'payer',
          label: inEveryLanguage((admin) => admin.fields.payer),
          type: 'select',
          required: true,
          defaultValue: 'self',
          options: optionsInEveryLanguage(['self', 'parent'], (admin) => admin.options.payer),
          validate: validatePayer,
        },
      ],
    },
    {
      name: 'administrator',
      label: inEveryLanguage((admin) => admin.fields.administrator),
      type: 'relationship',
      relationTo: 'users',
      index: true,
      validate: validateAdministrator,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.administrator) },
    },
    {
      name: 'billingAddress',
      label: inEveryLanguage((admin) => admin.fields.billingAddress),
      type: 'textarea',
      maxLength: 500,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.billingAddress) },
    },
    // Notifications (issue 7): who besides the administrator receives billing e-mails.
    {
      name: 'billingContacts',
      type: 'array',
      label: inEveryLanguage((admin) => admin.fields.billingContacts),
      labels: {
        singular: inEveryLanguage((admin) => admin.fields.billingContact),
        plural: inEveryLanguage((admin) => admin.fields.billingContacts),
      },
      maxRows: 20,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.billingContacts) },
      fields: [
        {
          name: 'email',
          label: inEveryLanguage((admin) => admin.fields.email),
          type: 'email',
          required: true,
        },
      ],
    },
    {
      name: 'availableSubscriptions',
      label: inEveryLanguage((admin) => admin.fields.availableSubscriptions),
      type: 'relationship',
      relationTo: 'subscriptions',
      hasMany: true,
      validate: validateAvailableSubscriptions,
    },
    {
      name: 'defaultSubscription',
      label: inEveryLanguage((admin) => admin.fields.defaultSubscription),
      type: 'relationship',
      relationTo: 'subscriptions',
      validate: validateDefaultSubscription,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.defaultSubscription) },
    },
    {
      type: 'row',
      fields: [
        wholeNumberField({
          name: 'cameraLimit',
          label: inEveryLanguage((admin) => admin.fields.cameraLimit),
          min: 0,
          max: 1_000_000,
          description: inEveryLanguage((admin) => admin.descriptions.noLimit),
        }),
        wholeNumberField({
          name: 'userLimit',
          label: inEveryLanguage((admin) => admin.fields.userLimit),
          min: 0,
          max: 1_000_000,
          description: inEveryLanguage((admin) => admin.descriptions.noLimit),
        }),
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'trialEndsAt',
          label: inEveryLanguage((admin) => admin.fields.trialEndsAt),
          type: 'date',
          admin: { description: inEveryLanguage((admin) => admin.descriptions.trialEndsAt) },
        },
        {
          name: 'timezone',
          label: inEveryLanguage((admin) => admin.fields.timezone),
          type: 'text',
          required: true,
          defaultValue: 'UTC',
          validate: validateTimezone,
          admin: { description: inEveryLanguage((admin) => admin.descriptions.timezone) },
        },
        localeField({
          defaultValue: 'en',
          description: inEveryLanguage((admin) => admin.descriptions.organizationLocale),
        }),
      ],
    },
    {
      type: 'row',
      fields: [
        taxRateField({
          required: true,
          defaultValue: 0,
          description: inEveryLanguage((admin) => admin.descriptions.taxRateBp),
        }),
        wholeNumberField({
          name: 'paymentTermsDays',
          label: inEveryLanguage((admin) => admin.fields.paymentTermsDays),
          min: 0,
          max: 365,
          required: true,
          defaultValue: 14,
          description: inEveryLanguage((admin) => admin.descriptions.paymentTermsDays),
        }),
        currencyField(),
        statusField({
          defaultValue: 'active',
          options: optionsInEveryLanguage(
            ['active', 'suspended'],
            (admin) => admin.options.organizationStatus,
          ),
        }),
      ],
    },
    // Payments and ledger (issue 7): the balance, summed from the ledger when read (nothing stored)
    {
      name: 'balance',
      label: inEveryLanguage((admin) => admin.fields.balance),
      type: 'json',
      virtual: true,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: inEveryLanguage((admin) => admin.descriptions.balance),
        components: { Field: '/src/ledger/admin/BalanceField#BalanceField' },
      },
      hooks: { afterRead: [organizationBalance] },
    },
    // dunning: stage, since when, the overdue invoice (set by the run) and the policy override
    ...dunningOrganizationFields(),
  ],
}
