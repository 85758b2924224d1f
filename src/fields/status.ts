import type { SelectField } from 'payload'
import { inEveryLanguage } from '../i18n'

interface StatusOptions {
  defaultValue: string
  options: SelectField['options']
  admin?: SelectField['admin']
}

/** Where a document stands in its lifecycle: required, indexed, starting at `defaultValue`. */
export function statusField({ defaultValue, options, admin }: StatusOptions): SelectField {
  return {
    name: 'status',
    label: inEveryLanguage((admin) => admin.fields.status),
    type: 'select',
    required: true,
    defaultValue,
    index: true,
    options,
    ...(admin && { admin }),
  }
}
