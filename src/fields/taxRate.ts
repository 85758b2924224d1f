import type { NumberField } from 'payload'
import { inEveryLanguage } from '../i18n'
import { wholeNumberField, type WholeNumberOptions } from './wholeNumber'

type TaxRateOptions = Omit<WholeNumberOptions, 'name' | 'label' | 'min' | 'max'>

/** The tax rate in basis points (100 bp = 1 %), from 0 to 100 %. */
export function taxRateField(options: TaxRateOptions = {}): NumberField {
  return wholeNumberField({
    name: 'taxRateBp',
    label: inEveryLanguage((admin) => admin.fields.taxRateBp),
    min: 0,
    max: 10_000,
    ...options,
  })
}
