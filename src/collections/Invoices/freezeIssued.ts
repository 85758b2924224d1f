import { APIError, type CollectionBeforeChangeHook, type CollectionBeforeDeleteHook } from 'payload'

/** A 400 naming the status field: only the invoice operations set the status and the number. */
const statusRefused = (message: string, fieldMessage: string) =>
  new APIError(message, 400, [{ field: 'status', message: fieldMessage }], true)

/**
 * Invoices change state only through their operations (generate, issue, void, pay), which keep
 * the numbering gapless and the PDF in step. Through the API a draft can be corrected; an
 * issued, paid or void invoice is frozen, and nobody sets a status or number by hand.
 */
export const freezeIssued: CollectionBeforeChangeHook = ({ data, originalDoc, operation }) => {
  if (operation === 'create') {
    if ((data.status && data.status !== 'draft') || data.number) {
      throw statusRefused(
        'A new invoice is a draft without a number: issue it with POST /api/invoices/<id>/issue.',
        'must be draft',
      )
    }
    return data
  }
  if (originalDoc?.status !== 'draft') {
    throw new APIError(
      `Invoice ${originalDoc?.number ?? originalDoc?.id} is ${originalDoc?.status} and cannot be changed; void it or record a payment.`,
      409,
      undefined,
      true,
    )
  }
  if (
    (data.status && data.status !== originalDoc.status) ||
    (data.number && data.number !== originalDoc.number)
  ) {
    throw statusRefused(
      'Status and number change only through POST /api/invoices/<id>/issue, /void and /pay.',
      'use the invoice operations',
    )
  }
  return data
}

/** Only a draft can be deleted: an issued number stays, voided if need be (gapless numbering). */
export const deleteDraftsOnly: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const invoice = await req.payload.findByID({
    collection: 'invoices',
    id,
    depth: 0,
    overrideAccess: true,
    req,
    disableErrors: true,
  })
  if (invoice && invoice.status !== 'draft') {
    throw new APIError(
      `Invoice ${invoice.number ?? id} is ${invoice.status} and cannot be deleted; void it instead.`,
      409,
      undefined,
      true,
    )
  }
}
