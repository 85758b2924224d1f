import { localeField } from '../../fields/locale'
import { inEveryLanguage, optionsInEveryLanguage } from '../../i18n'
import type { CollectionConfig } from 'payload'
import { adminOnly } from '../../access/adminOnly'
import { roles } from '../../access/roles'
import { staffFieldOnly } from '../../access/staffFieldOnly'
import { createUsers, deleteUsers, membershipsFieldAccess, readUsers, updateUsers } from './access'
import {
  guardRoleAndMemberships,
  guardRoleAndMembershipsBeforeOperation,
} from './hooks/guardRoleAndMemberships'
import { forgetDeletedUser } from './hooks/forgetDeletedUser'
import { hideOtherMemberships } from './hooks/hideOtherMemberships'
import { keepAdministratorMemberships } from './hooks/keepAdministratorMemberships'
import { refuseDisabledLogin } from './hooks/refuseDisabledLogin'
import { forgiveSuccessfulLogin, limitSignInAttempts } from './hooks/limitSignInAttempts'
import {
  notePasswordChange,
  revokeAccessOnSecurityChange,
} from './hooks/revokeAccessOnSecurityChange'
import { revokeAccessOnPasswordReset } from './hooks/revokeAccessOnPasswordReset'
import { passwordEmailHtml, passwordEmailSubject } from './passwordEmail'
import { validateLogin, validateMemberships } from './validation'

export const Users: CollectionConfig<'users'> = {
  slug: 'users',
  // what a payment, ledger entry, credit note or organization (its administrator) shows of a user
  // it populates: who it is (the admin's lock notice reads the e-mail), not its memberships, which
  // populated each membership's organization in turn (read the user itself for those)
  defaultPopulate: { login: true, name: true, email: true, role: true, locale: true },
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.users.singular),
    plural: inEveryLanguage((admin) => admin.collections.users.plural),
  },
  auth: {
    // the signed-in user as every request loads it (req.user): its own fields and the ids of its
    // organizations. Payload's default (depth 2) populated each membership's organization with
    // its parent, administrator, subscriptions and ledger balance on every authenticated request;
    // access rules and the portal read the ids. GET /api/users/me?depth=1 populates them.
    depth: 0,
    useAPIKey: true,
    // no lockout: it tells which accounts exist and lets anyone lock one out; failed sign-ins are
    // rate-limited per account and per address instead (hooks/limitSignInAttempts.ts)
    maxLoginAttempts: 0,
    tokenExpiration: 2 * 60 * 60,
    // the link leads to the subscriber portal's reset page (/portal/reset-password?token=…)
    forgotPassword: {
      generateEmailHTML: passwordEmailHtml,
      generateEmailSubject: passwordEmailSubject,
    },
  },
  admin: {
    useAsTitle: 'login',
    defaultColumns: ['login', 'name', 'email', 'role', 'updatedAt'],
    listSearchableFields: ['login', 'name', 'email'],
    group: inEveryLanguage((admin) => admin.groups.accounts),
    description: inEveryLanguage((admin) => admin.collections.users.description),
  },
  access: {
    read: readUsers,
    create: createUsers,
    update: updateUsers,
    delete: deleteUsers,
    // Payload's default lets anybody signed in unlock any account
    unlock: adminOnly,
  },
  hooks: {
    beforeOperation: [
      limitSignInAttempts,
      guardRoleAndMembershipsBeforeOperation,
      revokeAccessOnPasswordReset,
    ],
    beforeValidate: [guardRoleAndMemberships],
    beforeChange: [keepAdministratorMemberships, notePasswordChange],
    afterChange: [revokeAccessOnSecurityChange],
    beforeDelete: [forgetDeletedUser],
    beforeLogin: [refuseDisabledLogin],
    afterLogin: [forgiveSuccessfulLogin],
    afterRead: [hideOtherMemberships],
  },
  fields: [
    // Payload's own API key fields, set by staff only (its default: anybody who can open the admin)
    {
      name: 'enableAPIKey',
      label: inEveryLanguage((admin) => admin.fields.enableAPIKey),
      type: 'checkbox',
      access: { create: staffFieldOnly, update: staffFieldOnly },
    },
    {
      name: 'apiKey',
      label: inEveryLanguage((admin) => admin.fields.apiKey),
      type: 'text',
      access: { create: staffFieldOnly, update: staffFieldOnly },
    },
    {
      name: 'apiKeyIndex',
      label: inEveryLanguage((admin) => admin.fields.apiKeyIndex),
      type: 'text',
      access: { create: staffFieldOnly, update: staffFieldOnly },
    },
    {
      name: 'login',
      label: inEveryLanguage((admin) => admin.fields.login),
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 64,
      validate: validateLogin,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.login) },
    },
    {
      name: 'name',
      label: inEveryLanguage((admin) => admin.fields.name),
      type: 'text',
      maxLength: 200,
    },
    localeField({
      description: inEveryLanguage((admin) => admin.descriptions.userLocale),
      admin: { position: 'sidebar' },
    }),
    {
      name: 'role',
      label: inEveryLanguage((admin) => admin.fields.role),
      type: 'select',
      required: true,
      defaultValue: 'subscriber',
      saveToJWT: true,
      options: optionsInEveryLanguage(roles, (admin) => admin.options.roles),
      access: { create: staffFieldOnly, update: staffFieldOnly },
      admin: { position: 'sidebar' },
    },
    {
      name: 'disabled',
      label: inEveryLanguage((admin) => admin.fields.disabled),
      type: 'checkbox',
      defaultValue: false,
      access: { create: staffFieldOnly, update: staffFieldOnly },
      admin: {
        position: 'sidebar',
        description: inEveryLanguage((admin) => admin.descriptions.disabled),
      },
    },
    {
      name: 'memberships',
      label: inEveryLanguage((admin) => admin.fields.memberships),
      labels: {
        singular: inEveryLanguage((admin) => admin.fields.membership),
        plural: inEveryLanguage((admin) => admin.fields.memberships),
      },
      type: 'array',
      // staff, and subscribers who manage users (scoped by guardRoleAndMemberships)
      access: { create: membershipsFieldAccess, update: membershipsFieldAccess },
      validate: validateMemberships,
      admin: {
        description: inEveryLanguage((admin) => admin.descriptions.memberships),
      },
      fields: [
        {
          name: 'organization',
          label: inEveryLanguage((admin) => admin.fields.organization),
          type: 'relationship',
          relationTo: 'organizations',
          required: true,
        },
        {
          type: 'row',
          fields: [
            {
              name: 'canViewStreams',
              label: inEveryLanguage((admin) => admin.fields.canViewStreams),
              type: 'checkbox',
              defaultValue: true,
            },
            {
              name: 'canEditStreams',
              label: inEveryLanguage((admin) => admin.fields.canEditStreams),
              type: 'checkbox',
              defaultValue: false,
            },
            {
              name: 'canEditUsers',
              label: inEveryLanguage((admin) => admin.fields.canEditUsers),
              type: 'checkbox',
              defaultValue: false,
            },
            {
              name: 'canViewStats',
              label: inEveryLanguage((admin) => admin.fields.canViewStats),
              type: 'checkbox',
              defaultValue: false,
            },
          ],
        },
      ],
    },
  ],
}
