import type { RelationshipField } from 'payload'

interface OrganizationOptions {
  label?: string
  required?: boolean
  admin?: { readOnly?: boolean; description?: string }
}

/** The organization a document belongs to (`organization`, indexed: access rules filter on it). */
export function organizationField({
  label,
  required = true,
  admin,
}: OrganizationOptions = {}): RelationshipField {
  return {
    name: 'organization',
    ...(label && { label }),
    type: 'relationship',
    relationTo: 'organizations',
    ...(required && { required }),
    index: true,
    ...(admin && { admin }),
  }
}

/** The organization that pays for a money record (invoice, payment, ledger entry, dunning…). */
export function payerOrganizationField(options: Omit<OrganizationOptions, 'label'> = {}) {
  return organizationField({ label: 'Payer organization', ...options })
}
