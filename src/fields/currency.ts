import type { TextField, TextFieldSingleValidation } from 'payload'
import { findCurrency } from '../billing/currency'

export function validateCurrency(value: unknown): true | string {
  if (value === null || value === undefined || value === '') return 'A currency is required.'
  if (!findCurrency(value)) {
    return `Unknown currency "${String(value)}": use an ISO 4217 code such as USD, EUR or JPY.`
  }
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
    type: 'text',
    required: true,
    defaultValue,
    maxLength: 3,
    index: true,
    admin: { description: 'ISO 4217 code, e.g. USD, EUR, JPY, KWD.', width: '120px' },
    hooks: {
      beforeValidate: [
        ({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
      ],
    },
    validate: (value, args) => {
      const valid = validateCurrency(value)
      return valid === true && validate ? validate(value, args) : valid
    },
  }
}
