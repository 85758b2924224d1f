import type { NumberField } from 'payload'

export interface WholeNumberOptions {
  name: string
  label?: string
  min: number
  max?: number
  required?: boolean
  defaultValue?: number
  description?: string
  admin?: NumberField['admin']
  /** When false the field is skipped by validation (e.g. a setting of another service kind). */
  applies?: (siblingData: Record<string, unknown>) => boolean
}

/** A whole number within bounds, with a message naming the bounds. */
export function wholeNumberField(options: WholeNumberOptions): NumberField {
  const {
    name,
    label,
    min,
    max,
    required = false,
    defaultValue,
    description,
    admin,
    applies,
  } = options
  return {
    name,
    label,
    type: 'number',
    defaultValue,
    min,
    max,
    admin: { step: 1, description, ...admin },
    validate: (value: unknown, { siblingData }: { siblingData: unknown }) => {
      if (applies && !applies((siblingData ?? {}) as Record<string, unknown>)) return true
      if (value === null || value === undefined || value === '') {
        return required ? 'This field is required.' : true
      }
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return 'Must be a whole number.'
      }
      if (value < min || (max !== undefined && value > max)) {
        return max === undefined ? `Must be at least ${min}.` : `Must be between ${min} and ${max}.`
      }
      return true
    },
  }
}
