import type { NumberField, StaticDescription, StaticLabel } from 'payload'
import { requestMessages } from '../i18n'

export interface WholeNumberOptions {
  name: string
  label?: StaticLabel
  min: number
  max?: number
  required?: boolean
  defaultValue?: number
  description?: StaticDescription
  admin?: NumberField['admin']
  /** When false the field is skipped by validation (e.g. a setting of another service kind). */
  applies?: (siblingData: Record<string, unknown>) => boolean
}

/** A whole number within bounds, with a message naming the bounds in the request's language. */
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
    validate: (
      value: unknown,
      { siblingData, req }: { siblingData: unknown; req?: Parameters<typeof requestMessages>[0] },
    ) => {
      if (applies && !applies((siblingData ?? {}) as Record<string, unknown>)) return true
      const text = requestMessages(req).validation
      if (value === null || value === undefined || value === '') {
        return required ? text.fieldRequired : true
      }
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return text.wholeNumber
      if (value < min || (max !== undefined && value > max)) {
        return max === undefined ? text.atLeast({ min }) : text.between({ min, max })
      }
      return true
    },
  }
}
