import type {
  CollectionSlug,
  DataFromCollectionSlug,
  PayloadRequest,
  SelectType,
  Where,
} from 'payload'

interface FindAllOptions {
  where: Where
  select?: SelectType
  overrideAccess?: boolean
}

/**
 * Every document of `collection` that `where` matches, unpaginated and unpopulated (ids for
 * relationships), read in the request's transaction: the shape of the reads access rules and
 * collection hooks make to decide.
 */
export async function findAll<Slug extends CollectionSlug>(
  req: PayloadRequest,
  collection: Slug,
  { where, select, overrideAccess }: FindAllOptions,
): Promise<DataFromCollectionSlug<Slug>[]> {
  // the payload.find generics over every collection are more than TypeScript can resolve here
  const payload = req.payload as unknown as {
    find: (options: object) => Promise<{ docs: unknown[] }>
  }
  const found = await payload.find({
    collection,
    where,
    depth: 0,
    limit: 0,
    pagination: false,
    ...(select && { select }),
    ...(overrideAccess !== undefined && { overrideAccess }),
    req,
  })
  return found.docs as DataFromCollectionSlug<Slug>[]
}
