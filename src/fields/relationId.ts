/** A relationship's value as Payload gives it: an id, or the related document when populated. */
export type RelationValue = number | string | { id: number | string } | null | undefined

/**
 * The id a relationship points at (populated or not), or undefined when it points nowhere. Takes
 * any value, since validations and hooks receive whatever a request sent.
 */
export function relationId(value: RelationValue | unknown): number | undefined {
  if (value === null || value === undefined) return undefined
  const id = typeof value === 'object' ? (value as { id?: unknown }).id : value
  const numeric = Number(id)
  return Number.isInteger(numeric) ? numeric : undefined
}
