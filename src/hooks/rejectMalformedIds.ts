import { APIError, NotFound, type CollectionBeforeOperationHook, type Where } from 'payload'

const isIntegerLike = (value: unknown) =>
  (typeof value === 'number' && Number.isSafeInteger(value)) ||
  (typeof value === 'string' && /^-?\d{1,15}$/.test(value))

const idOperators = new Set(['equals', 'not_equals', 'in', 'not_in', 'contains', 'all'])

interface FlatField {
  name?: string
  type: string
  flattenedFields?: readonly FlatField[]
}

/** Is this where path (`parent`, `memberships.organization`, `id`) an id or a relationship? */
function isIdPath(path: string, fields: readonly FlatField[]): boolean {
  let current: readonly FlatField[] | undefined = fields
  const segments = path.split('.')
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1
    if (segment === 'id' && last) return true
    const field: FlatField | undefined = current?.find((candidate) => candidate.name === segment)
    if (!field) return false
    if (last) return field.type === 'relationship' || field.type === 'upload'
    current = field.flattenedFields // arrays and groups; a relationship's own fields are not followed
    if (!current) return false
  }
  return false
}

function malformedIdPath(
  where: Where | undefined,
  fields: readonly FlatField[],
): string | undefined {
  if (!where || typeof where !== 'object') return undefined
  for (const [key, condition] of Object.entries(where)) {
    if ((key === 'and' || key === 'or') && Array.isArray(condition)) {
      for (const nested of condition) {
        const found = malformedIdPath(nested as Where, fields)
        if (found) return found
      }
      continue
    }
    if (!condition || typeof condition !== 'object' || !isIdPath(key, fields)) continue
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
  const path = malformedIdPath(where, collection.flattenedFields as readonly FlatField[])
  if (path) {
    throw new APIError(
      `The query on "${path}" needs numeric ids.`,
      400,
      [{ path, message: 'Must be an id (a whole number).' }],
      true,
    )
  }
  return args
}
