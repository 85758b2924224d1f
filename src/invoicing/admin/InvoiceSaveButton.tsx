'use client'

import { SaveButton, useDocumentInfo } from '@payloadcms/ui'
import type { SaveButtonClientProps } from 'payload'

/**
 * Payload's Save, offered only while the invoice is a draft (or new): the API refuses to change
 * an issued, paid or void invoice (src/collections/Invoices/freezeIssued.ts).
 */
export const InvoiceSaveButton = (props: SaveButtonClientProps) => {
  const { id, data } = useDocumentInfo()
  const isNew = id === undefined || id === null || id === ''
  if (!isNew && data?.status !== 'draft') return null
  return <SaveButton {...props} />
}
