import type { RelationshipField, StaticDescription, StaticLabel } from 'payload'
import { inEveryLanguage } from '../i18n'

interface OrganizationOptions {
  label?: StaticLabel
  required?: boolean
  admin?: { readOnly?: boolean; description?: StaticDescription }
}

/** The organization a document belongs to (`organization`, indexed: access rules filter on it). */
export function organizationField({
  label,
  required = true,
  admin,
}: OrganizationOptions = {}): RelationshipField {
  return {
    name: 'organization',
    label: label ?? inEveryLanguage((admin) => admin.fields.organization),
    type: 'relationship',
    relationTo: 'organizations',
    ...(required && { required }),
    index: true,
    ...(admin && { admin }),
  }
}

/** The organization that pays for a money record (invoice, payment, ledger entry, dunning…). */
export function payerOrganizationField(options: Omit<OrganizationOptions, 'label'> = {}) {
  return organizationField({
    label: inEveryLanguage((admin) => admin.fields.payerOrganization),
    ...options,
  })
}
