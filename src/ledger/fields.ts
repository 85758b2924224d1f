import type { FieldHook } from 'payload'
import { loadInBatch } from '../db'
import { balancesOf } from './balance'

/**
 * The organization's balance per currency (virtual; read-only): what it owes (+) or its credit (−).
 * The organizations of a page are read in one query (loadInBatch); inside a write, on the write's
 * transaction, its own uncommitted entries included.
 */
export const organizationBalance: FieldHook = async ({ data, req }) => {
  const id = Number(data?.id)
  if (!Number.isInteger(id)) return []
  return (await loadInBatch(req, balancesOf, id)) ?? []
}
