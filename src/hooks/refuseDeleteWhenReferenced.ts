import { APIError, type CollectionBeforeDeleteHook, type CollectionSlug } from 'payload'

interface Reference {
  collection: CollectionSlug
  field: string
  /** What it is, in the message: 'invoices', 'camera usage intervals'. */
  label: string
}

/**
 * Billing history keeps what it refers to: an organization with invoices or camera usage, a
 * subscription with camera usage, is not deleted (409 with the reason) but archived or
 * suspended. Without this the database would refuse with a foreign-key error (a 500).
 */
export const refuseDeleteWhenReferenced =
  (references: Reference[], advice: string): CollectionBeforeDeleteHook =>
  async ({ id, req, collection }) => {
    const found: string[] = []
    for (const reference of references) {
      const { totalDocs } = await req.payload.count({
        collection: reference.collection,
        where: { [reference.field]: { equals: id } },
        overrideAccess: true,
        req,
      })
      if (totalDocs > 0) found.push(`${totalDocs} ${reference.label}`)
    }
    if (found.length > 0) {
      // the collection's label is a record per language (src/i18n inEveryLanguage); this message
      // is still English, so it names the collection in English
      const singular = collection.labels.singular
      const name = typeof singular === 'string' ? singular : (singular as Record<string, string>).en
      throw new APIError(
        `This ${name} cannot be deleted: it has ${found.join(' and ')}. ${advice}`,
        409,
        undefined,
        true,
      )
    }
  }
