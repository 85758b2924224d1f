import { APIError, NotFound, type CollectionBeforeOperationHook, type Where } from 'payload'

const isIntegerLike = (value: unknown) =>
  (typeof value === 'number' && Number.isSafeInteger(value)) ||
  (typeof value === 'string' && /^-?\d{1,15}$/.test(value))

const idOperators = new Set(['equals', 'not_equals', 'in', 'not_in', 'contains', 'all'])

function idFieldNames(fields: readonly { name?: string; type: string }[]): Set<string> {
  const names = new Set(['id'])
  for (const field of fields) {
    if ((field.type === 'relationship' || field.type === 'upload') && field.name) names.add(field.name)
  }
  return names
}

function malformedIdPath(where: Where | undefined, idFields: Set<string>): string | undefined {
  if (!where || typeof where !== 'object') return undefined
  for (const [key, condition] of Object.entries(where)) {
    if ((key === 'and' || key === 'or') && Array.isArray(condition)) {
      for (const nested of condition) {
        const found = malformedIdPath(nested as Where, idFields)
        if (found) return found
      }
      continue
    }
    const root = key.split('.')[0]
    if (!idFields.has(root) || key.includes('.') || !condition || typeof condition !== 'object') continue
    for (const [operator, value] of Object.entries(condition as Record<string, unknown>)) {
      if (!idOperators.has(operator) || value === null || value === undefined) continue
      const values = Array.isArray(value)
        ? value
        : typeof value === 'string' && (operator === 'in' || operator === 'not_in')
          ? value.split(',')
          : [value]
      if (!values.every(isIntegerLike)) return key
    }
  }
  return undefined
}

/**
 * Ids are integers in PostgreSQL: a path id such as "abc" is a 404, and a query comparing an id or
 * a relationship with a non-integer is a 400 naming the field, instead of a database error (500).
 */
export const rejectMalformedIds: CollectionBeforeOperationHook = ({ args, collection, req }) => {
  const { id, where } = args as { id?: unknown; where?: Where }
  if (id !== undefined && id !== null && !isIntegerLike(id)) throw new NotFound(req.t)
  const path = malformedIdPath(where, idFieldNames(collection.flattenedFields))
  if (path) {
    throw new APIError(`The query on "${path}" needs numeric ids.`, 400, [{ path, message: 'Must be an id (a whole number).' }], true)
  }
  return args
}
