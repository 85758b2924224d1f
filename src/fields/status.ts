import type { SelectField } from 'payload'

interface StatusOptions {
  defaultValue: string
  options: SelectField['options']
  admin?: SelectField['admin']
}

/** Where a document stands in its lifecycle: required, indexed, starting at `defaultValue`. */
export function statusField({ defaultValue, options, admin }: StatusOptions): SelectField {
  return {
    name: 'status',
    type: 'select',
    required: true,
    defaultValue,
    index: true,
    options,
    ...(admin && { admin }),
  }
}
