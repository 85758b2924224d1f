import type { RelationshipField } from 'payload'

interface PayerOrganizationOptions {
  required?: boolean
  admin?: { readOnly?: boolean; description?: string }
}

/** The organization that pays for a money record (invoice, payment, ledger entry, dunning…). */
export function payerOrganizationField({
  required = true,
  admin,
}: PayerOrganizationOptions = {}): RelationshipField {
  return {
    name: 'organization',
    label: 'Payer organization',
    type: 'relationship',
    relationTo: 'organizations',
    ...(required && { required }),
    index: true,
    ...(admin && { admin }),
  }
}
