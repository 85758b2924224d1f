import type { NumberField } from 'payload'

/** The list cell that shows an amount in its row's currency (integer minor units underneath). */
export const MONEY_CELL = '/src/invoicing/admin/InvoiceCells#InvoiceMoneyCell'

interface MoneyFieldOptions {
  name: string
  label?: string
  required?: boolean
  /** Smallest allowed amount in minor units; 0 by default (no negative prices). */
  min?: number
  description?: string
  admin?: NumberField['admin']
}

/**
 * An amount in integer minor units (cents for USD, fils for KWD). Stored as numeric in Postgres,
 * validated as a safe integer so that no float ever reaches a calculation.
 */
export function moneyField({
  name,
  label,
  required = false,
  min = 0,
  description = 'In minor units of the currency (cents for USD, yen for JPY, fils for KWD).',
  admin,
}: MoneyFieldOptions): NumberField {
  return {
    name,
    label,
    type: 'number',
    required,
    admin: { step: 1, description, ...admin },
    validate: (value: unknown) => validateMinorUnits(value, { required, min }),
  }
}

export function validateMinorUnits(
  value: unknown,
  { required, min }: { required: boolean; min: number },
): true | string {
  if (value === null || value === undefined || value === '') {
    return required ? 'An amount is required, in minor units (e.g. 1999 for 19.99 USD).' : true
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return 'The amount must be a number of minor units.'
  }
  if (!Number.isSafeInteger(value)) {
    return 'The amount must be a whole number of minor units (e.g. 1999 for 19.99 USD), not a fraction.'
  }
  if (value < min) return `The amount must be at least ${min}.`
  return true
}
