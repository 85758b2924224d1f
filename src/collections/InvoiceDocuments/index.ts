import type { CollectionConfig } from 'payload'

/**
 * The PDF of an issued invoice, rendered once at issue and kept as it was sent (base64 in
 * PostgreSQL: every app replica serves the same file, no shared disk needed). Served by
 * GET /api/invoices/<id>/pdf with the invoice's access rules; not readable directly.
 */
export const InvoiceDocuments: CollectionConfig = {
  slug: 'invoice-documents',
  admin: { hidden: true },
  access: { read: () => false, create: () => false, update: () => false, delete: () => false },
  fields: [
    { name: 'invoice', type: 'relationship', relationTo: 'invoices', required: true, unique: true },
    { name: 'filename', type: 'text', required: true },
    { name: 'sha256', type: 'text', required: true },
    { name: 'data', type: 'textarea', required: true },
  ],
}
