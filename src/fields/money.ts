import type { NumberField, StaticDescription, StaticLabel } from 'payload'
import { inEveryLanguage, requestMessages } from '../i18n'

/** The list cell that shows an amount in its row's currency (integer minor units underneath). */
export const MONEY_CELL = '/src/invoicing/admin/InvoiceCells#InvoiceMoneyCell'

interface MoneyFieldOptions {
  name: string
  label?: StaticLabel
  required?: boolean
  /** Smallest allowed amount in minor units; 0 by default (no negative prices). */
  min?: number
  description?: StaticDescription
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
  description = inEveryLanguage((admin) => admin.descriptions.minorUnits),
  admin,
}: MoneyFieldOptions): NumberField {
  return {
    name,
    label,
    type: 'number',
    required,
    admin: { step: 1, description, ...admin },
    validate: (value: unknown, { req }: { req?: Parameters<typeof requestMessages>[0] }) =>
      validateMinorUnits(value, { required, min }, req),
  }
}

/** Why `value` is not an amount in minor units, in the request's language (English without one). */
export function validateMinorUnits(
  value: unknown,
  { required, min }: { required: boolean; min: number },
  req?: Parameters<typeof requestMessages>[0],
): true | string {
  const text = requestMessages(req).validation
  if (value === null || value === undefined || value === '') {
    return required ? text.amountRequired : true
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return text.amountNotANumber
  if (!Number.isSafeInteger(value)) return text.amountNotWhole
  if (value < min) return text.amountAtLeast({ min })
  return true
}
