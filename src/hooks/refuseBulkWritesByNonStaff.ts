import { APIError, type CollectionBeforeOperationHook } from 'payload'
import { isStaff } from '../access/roles'

/**
 * Bulk update and bulk delete (`PATCH|DELETE /api/<slug>?where=…`, the Local API with `where`) run
 * the collection's hooks per document but not the checks a write by id makes before it (the users
 * write guard compares the change with the one document it is made to). Rather than keep two sets
 * of rules, a write on behalf of anyone but staff names one document by its id. Trusted writes
 * (overrideAccess) and staff are not affected; staff bulk writes are held to the same access rules.
 */
export const refuseBulkWritesByNonStaff: CollectionBeforeOperationHook = ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (operation !== 'update' && operation !== 'delete') return args
  if (overrideAccess) return args
  const { id } = args as { id?: unknown }
  if (id !== undefined && id !== null) return args
  if (isStaff(req.user)) return args
  throw new APIError(
    'where: bulk changes are for the operator; change or delete one document at a time by its id',
    403,
    [
      {
        path: 'where',
        message:
          'bulk changes are for the operator; change or delete one document at a time by its id',
      },
    ],
    true,
  )
}
