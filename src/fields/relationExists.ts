import type { CollectionSlug, PayloadRequest } from 'payload'
import { relationId } from './relationId'

/**
 * Checks that related ids exist, so a wrong id is a 400 naming the field rather than a foreign
 * key violation deep in the database.
 */
export async function missingRelationIds(
  req: PayloadRequest,
  collection: CollectionSlug,
  values: unknown,
): Promise<unknown[]> {
  const list = (Array.isArray(values) ? values : [values]).filter(
    (value) => value !== null && value !== undefined && value !== '',
  )
  if (list.length === 0) return []
  const ids = list.map((value) => relationId(value))
  const invalid = list.filter((_, index) => ids[index] === undefined)
  const numeric = ids.filter((id): id is number => id !== undefined)
  if (numeric.length === 0) return invalid
  const found = await req.payload.find({
    collection,
    where: { id: { in: numeric } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    req,
  })
  const existing = new Set(found.docs.map((doc) => Number(doc.id)))
  return [...invalid, ...numeric.filter((id) => !existing.has(id))]
}
