import type { CollectionSlug, PayloadRequest } from 'payload'

/** One document as the caller may see it (its collection's read access applied), or null. */
export async function visibleDocument<Slug extends CollectionSlug>(
  req: PayloadRequest,
  collection: Slug,
  id: number,
) {
  const found = await req.payload.find({
    collection,
    where: { id: { equals: id } },
    depth: 0,
    limit: 1,
    overrideAccess: false,
    user: req.user,
    req,
  })
  return found.docs[0] ?? null
}
