import { inEveryLanguage } from '../../i18n'
import {
  ValidationError,
  type CollectionBeforeChangeHook,
  type CollectionConfig,
  type FieldAccess,
  type FieldHook,
} from 'payload'
import { adminOnly } from '../../access/adminOnly'
import { organizationField } from '../../fields/organization'
import { hasRole } from '../../access/roles'
import { WEBHOOK_EVENT_TYPES } from '../../events'
import { generateSecret, openSecret, sealSecret } from '../../notifications'

const adminField: FieldAccess = ({ req }) => hasRole(req.user, 'admin')

export function validateWebhookUrl(value: unknown): true | string {
  if (typeof value !== 'string' || value.trim() === '')
    return 'url is required: the address billing POSTs events to.'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `url is not an absolute URL: ${value}`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'url must start with https:// (or http:// on a private network).'
  return true
}

const validateSecret = (value: unknown): true | string =>
  value === null ||
  value === undefined ||
  value === '' ||
  (typeof value === 'string' && value.length >= 16 && value.length <= 200)
    ? true
    : 'secret must be 16 to 200 characters (leave it empty to have one generated).'

/** The plain secret exists only in the request that sets it: it is stored sealed (secretSealed). */
const sealNewSecret: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  // Payload does not validate virtual fields: checked here, before anything is stored
  const valid = validateSecret(data.secret)
  if (valid !== true)
    throw new ValidationError({
      collection: 'webhook-endpoints',
      errors: [{ path: 'secret', message: valid }],
      req,
    })
  const given = typeof data.secret === 'string' && data.secret !== '' ? data.secret : undefined
  if (given) data.secretSealed = sealSecret(given)
  else if (operation === 'create' && !data.secretSealed)
    data.secretSealed = sealSecret(generateSecret())
  delete data.secret
  return data
}

/** Only the admin sees the secret (to configure the receiver); it is opened on read. */
const revealToAdmin: FieldHook = ({ req, siblingData }) =>
  hasRole(req.user, 'admin')
    ? (openSecret((siblingData as { secretSealed?: string }).secretSealed) ?? undefined)
    : undefined

/**
 * Where outgoing webhooks go: per organization (its events only) or global (every organization's),
 * with the events it subscribes to. Admin only: the secret signs what billing sends.
 */
export const WebhookEndpoints: CollectionConfig = {
  slug: 'webhook-endpoints',
  labels: {
    singular: inEveryLanguage((admin) => admin.collections.webhookEndpoints.singular),
    plural: inEveryLanguage((admin) => admin.collections.webhookEndpoints.plural),
  },
  admin: {
    group: inEveryLanguage((admin) => admin.groups.notifications),
    useAsTitle: 'title',
    defaultColumns: ['title', 'url', 'organization', 'events', 'active'],
    description: inEveryLanguage((admin) => admin.collections.webhookEndpoints.description),
    hidden: ({ user }) => !hasRole(user, 'admin'),
  },
  access: { read: adminOnly, create: adminOnly, update: adminOnly, delete: adminOnly },
  hooks: { beforeChange: [sealNewSecret] },
  fields: [
    {
      name: 'title',
      label: inEveryLanguage((admin) => admin.fields.title),
      type: 'text',
      required: true,
      maxLength: 200,
    },
    {
      name: 'url',
      label: inEveryLanguage((admin) => admin.fields.url),
      type: 'text',
      required: true,
      maxLength: 2000,
      validate: validateWebhookUrl,
    },
    organizationField({
      required: false,
      admin: { description: inEveryLanguage((admin) => admin.descriptions.webhookOrganization) },
    }),
    {
      name: 'events',
      label: inEveryLanguage((admin) => admin.fields.events),
      type: 'select',
      hasMany: true,
      required: true,
      options: WEBHOOK_EVENT_TYPES.map((type) => ({ label: type, value: type })),
    },
    {
      name: 'active',
      label: inEveryLanguage((admin) => admin.fields.active),
      type: 'checkbox',
      defaultValue: true,
      index: true,
    },
    {
      // before secretSealed: the read hook opens it before the hidden field leaves the document
      name: 'secret',
      label: inEveryLanguage((admin) => admin.fields.secret),
      type: 'text',
      virtual: true,
      access: { read: adminField, create: adminField, update: adminField },
      hooks: { afterRead: [revealToAdmin] },
      admin: {
        description: inEveryLanguage((admin) => admin.descriptions.webhookSecret),
      },
    },
    { name: 'secretSealed', type: 'text', hidden: true },
  ],
}
