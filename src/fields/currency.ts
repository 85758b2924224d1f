import type { TextField, TextFieldSingleValidation } from 'payload'
import { findCurrency } from '../billing/currency'
import { inEveryLanguage, requestMessages } from '../i18n'

/** An ISO 4217 code, or why not, in the request's language (English without a request). */
export function validateCurrency(
  value: unknown,
  req?: Parameters<typeof requestMessages>[0],
): true | string {
  const text = requestMessages(req).validation
  if (value === null || value === undefined || value === '') return text.currencyRequired
  if (!findCurrency(value)) return text.unknownCurrency({ value: String(value) })
  return true
}

interface CurrencyFieldOptions {
  /** Omit for no default (a subscription takes its services' currency). */
  defaultValue?: string
  /** Extra checks after the ISO 4217 one. */
  validate?: TextFieldSingleValidation
}

/** An ISO 4217 code; its minor-unit exponent comes from src/billing/currency. */
export function currencyField(options: CurrencyFieldOptions = { defaultValue: 'USD' }): TextField {
  const { defaultValue, validate } = options
  return {
    name: 'currency',
    label: inEveryLanguage((admin) => admin.fields.currency),
    type: 'text',
    required: true,
    defaultValue,
    maxLength: 3,
    index: true,
    admin: {
      description: inEveryLanguage((admin) => admin.descriptions.currency),
      width: '120px',
    },
    hooks: {
      beforeValidate: [
        ({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
      ],
    },
    validate: (value, args) => {
      const valid = validateCurrency(value, args.req)
      return valid === true && validate ? validate(value, args) : valid
    },
  }
}
