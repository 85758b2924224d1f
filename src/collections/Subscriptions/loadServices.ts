import type { PayloadRequest } from 'payload'
import { relationId } from '../../fields/relationId'
import type { Service } from '../../payload-types'
import { findAll } from '../../access/findAll'

/** The services a subscription refers to, as stored (ids or populated objects accepted). */
export async function loadServices(req: PayloadRequest, values: unknown): Promise<Service[]> {
  const ids = (Array.isArray(values) ? values : [])
    .map((value) => relationId(value))
    .filter((id): id is number => id !== undefined)
  if (ids.length === 0) return []
  return findAll(req, 'services', { where: { id: { in: ids } } })
}
