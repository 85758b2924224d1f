import { describe, expect, it } from 'vitest'
import {
  compactMoneyText,
  moneyText,
  moneyTextOrNothing,
  taxRateText,
} from '../../../src/billing/format'

describe('moneyText: the one formatter of amounts', () => {
  it('writes minor units exactly in the currency’s decimals', () => {
    expect(moneyText(5642, 'EUR')).toBe('€56.42')
    expect(moneyText(-1, 'USD')).toBe('-$0.01')
    expect(moneyText(1500, 'JPY')).toBe('¥1,500')
    expect(moneyText(1234, 'KWD')).toMatch(/^KWD\s1\.234$/)
    expect(moneyText(900719925474099, 'USD')).toBe('$9,007,199,254,740.99')
  })
  it('reads numeric strings and says what it cannot read', () => {
    expect(moneyText('1999', 'USD')).toBe('$19.99')
    expect(moneyText(null, 'USD')).toBe('—')
    expect(moneyText(12.5, 'USD')).toBe('12.5')
    expect(moneyText(100, '')).toBe('100 (minor units)')
    expect(moneyText(100, 'ZZZ')).toBe('100 ZZZ (minor units)')
  })
  it('leaves malformed amounts out of templates', () => {
    expect(moneyTextOrNothing('100', 'USD')).toBe('$1.00')
    expect(moneyTextOrNothing('1.5', 'USD')).toBeUndefined()
    expect(moneyTextOrNothing(100, 'ZZZ')).toBeUndefined()
  })
  it('writes compact axis amounts', () => {
    expect(compactMoneyText(123_456, 'USD')).toBe('$1.2K')
  })
})

describe('taxRateText: basis points as a percentage, in integers', () => {
  it.each([
    [2000, '20%'],
    [725, '7.25%'],
    [750, '7.5%'],
    [5, '0.05%'],
    [0, '0%'],
    [10000, '100%'],
  ])('%i bp is %s', (bp, text) => expect(taxRateText(bp)).toBe(text))
  it('is null for what is not a whole number of basis points', () => {
    expect(taxRateText(12.5)).toBeNull()
    expect(taxRateText('2000')).toBeNull()
  })
})
