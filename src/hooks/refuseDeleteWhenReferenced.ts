import { APIError, type CollectionBeforeDeleteHook, type CollectionSlug } from 'payload'
import { INTL, requestLocale, requestMessages, type AdminMessages } from '../i18n'

type Refused = AdminMessages['deleteRefused']

interface Reference {
  collection: CollectionSlug
  field: string
  /** How the message counts them: `invoices` → "3 invoices", «3 счёта». */
  counted: keyof Refused['counts']
}

/**
 * Billing history keeps what it refers to: an organization with invoices or camera usage, a
 * subscription with camera usage, is not deleted (409 with the reason, in the caller's language)
 * but archived or suspended. Without this the database would refuse with a foreign-key error (a
 * 500).
 */
export const refuseDeleteWhenReferenced =
  (references: Reference[], refusal: keyof Omit<Refused, 'counts'>): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const text = requestMessages(req).admin.deleteRefused
    const found: string[] = []
    for (const reference of references) {
      const { totalDocs } = await req.payload.count({
        collection: reference.collection,
        where: { [reference.field]: { equals: id } },
        overrideAccess: true,
        req,
      })
      if (totalDocs > 0) found.push(text.counts[reference.counted]({ count: totalDocs }))
    }
    if (found.length > 0) {
      const list = new Intl.ListFormat(INTL[requestLocale(req)].numbers, {
        type: 'conjunction',
      }).format(found)
      throw new APIError(text[refusal]({ list }), 409, undefined, true)
    }
  }
