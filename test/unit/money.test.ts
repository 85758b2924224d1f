import { describe, expect, it } from 'vitest'
import { currencyExponent, findCurrency } from '../../src/billing/currency'
import { formatMoney, toDecimalString } from '../../src/billing/money'
import { isIanaTimeZone } from '../../src/billing/timezone'
import { validateMinorUnits } from '../../src/fields/money'

describe('currencies', () => {
  it('knows ISO 4217 minor-unit exponents', () => {
    expect(currencyExponent('USD')).toBe(2)
    expect(currencyExponent('JPY')).toBe(0)
    expect(currencyExponent('KWD')).toBe(3)
    expect(findCurrency('XYZ')).toBeUndefined()
    expect(findCurrency('XAU')).toBeUndefined() // gold is not invoiced
  })

  it('writes minor units exactly, without floating point', () => {
    expect(toDecimalString(12345, 'USD')).toBe('123.45')
    expect(toDecimalString(5, 'USD')).toBe('0.05')
    expect(toDecimalString(-5, 'KWD')).toBe('-0.005')
    expect(toDecimalString(1500, 'JPY')).toBe('1500')
    expect(toDecimalString(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91')
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56')
    expect(formatMoney(1234, 'KWD')).toContain('1.234')
  })
})

describe('minor units validation', () => {
  it('accepts whole numbers only', () => {
    expect(validateMinorUnits(1999, { required: true, min: 0 })).toBe(true)
    expect(validateMinorUnits(19.99, { required: true, min: 0 })).toMatch(/whole number/)
    expect(validateMinorUnits(-1, { required: true, min: 0 })).toMatch(/at least 0/)
    expect(validateMinorUnits('12', { required: true, min: 0 })).toMatch(/number/)
    expect(validateMinorUnits(undefined, { required: true, min: 0 })).toMatch(/required/)
    expect(validateMinorUnits(undefined, { required: false, min: 0 })).toBe(true)
  })
})

describe('time zones', () => {
  it('accepts IANA names only', () => {
    expect(isIanaTimeZone('UTC')).toBe(true)
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true)
    expect(isIanaTimeZone('America/Argentina/Buenos_Aires')).toBe(true)
    expect(isIanaTimeZone('Asia/Calcutta')).toBe(true) // an alias of Asia/Kolkata
    expect(isIanaTimeZone('+03:00')).toBe(false)
    expect(isIanaTimeZone('EST5EDT_nope')).toBe(false)
    expect(isIanaTimeZone('Mars/Olympus')).toBe(false)
  })
})
