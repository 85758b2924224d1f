import { localeField } from '../../fields/locale'
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
  labels: { singular: 'User', plural: 'Users' },
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
    group: 'Accounts',
    description: 'People with access to billing; mirrored into Watcher with the same login.',
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
      type: 'checkbox',
      access: { create: staffFieldOnly, update: staffFieldOnly },
    },
    { name: 'apiKey', type: 'text', access: { create: staffFieldOnly, update: staffFieldOnly } },
    {
      name: 'apiKeyIndex',
      type: 'text',
      access: { create: staffFieldOnly, update: staffFieldOnly },
    },
    {
      name: 'login',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 64,
      validate: validateLogin,
      admin: { description: 'The Watcher login: letters, digits and . _ - @' },
    },
    { name: 'name', type: 'text', maxLength: 200 },
    localeField({
      description: 'Portal, e-mails and Watcher in this language; empty: its organization’s.',
      admin: { position: 'sidebar' },
    }),
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'subscriber',
      saveToJWT: true,
      options: roles.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      access: { create: staffFieldOnly, update: staffFieldOnly },
      admin: { position: 'sidebar' },
    },
    {
      name: 'disabled',
      type: 'checkbox',
      defaultValue: false,
      access: { create: staffFieldOnly, update: staffFieldOnly },
      admin: {
        position: 'sidebar',
        description: 'A disabled user cannot log in, here or in Watcher.',
      },
    },
    {
      name: 'memberships',
      type: 'array',
      // staff, and subscribers who manage users (scoped by guardRoleAndMemberships)
      access: { create: membershipsFieldAccess, update: membershipsFieldAccess },
      validate: validateMemberships,
      admin: {
        description: 'Organizations this user belongs to, with the Watcher permissions in each.',
      },
      fields: [
        { name: 'organization', type: 'relationship', relationTo: 'organizations', required: true },
        {
          type: 'row',
          fields: [
            { name: 'canViewStreams', type: 'checkbox', defaultValue: true },
            { name: 'canEditStreams', type: 'checkbox', defaultValue: false },
            { name: 'canEditUsers', type: 'checkbox', defaultValue: false },
            { name: 'canViewStats', type: 'checkbox', defaultValue: false },
          ],
        },
      ],
    },
  ],
}
