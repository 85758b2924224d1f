import { describe, expect, it } from 'vitest'
import { decimalRatio, prorate, roundHalfUpDiv, taxOf } from '../../../src/billing/rounding'

describe('roundHalfUpDiv', () => {
  it('rounds half up, and half away from zero below zero', () => {
    const cases: Array<[bigint, bigint, bigint]> = [
      [10n, 5n, 2n],
      [4n, 3n, 1n], // 1.33
      [5n, 3n, 2n], // 1.67
      [5n, 2n, 3n], // 2.5
      [7n, 2n, 4n], // 3.5
      [1n, 2n, 1n], // 0.5
      [1n, 3n, 0n], // 0.33
      [0n, 7n, 0n],
      [-4n, 3n, -1n], // -1.33
      [-5n, 3n, -2n], // -1.67
      [-5n, 2n, -3n], // -2.5
      [-1n, 2n, -1n], // -0.5
      [-1n, 3n, 0n], // -0.33
    ]
    for (const [numerator, denominator, expected] of cases) {
      expect(roundHalfUpDiv(numerator, denominator), `${numerator}/${denominator}`).toBe(expected)
    }
  })

  it('is exact far beyond 2^53', () => {
    // (2^64 + 1) / 2 = 2^63 + 0.5 -> 2^63 + 1
    expect(roundHalfUpDiv(2n ** 64n + 1n, 2n)).toBe(2n ** 63n + 1n)
  })

  it('needs a positive denominator', () => {
    expect(() => roundHalfUpDiv(1n, 0n)).toThrow(RangeError)
    expect(() => roundHalfUpDiv(1n, -2n)).toThrow(RangeError)
  })
})

describe('prorate', () => {
  it('charges the whole price for the whole month', () => {
    expect(prorate(3000, 2_678_400, 2_678_400)).toBe(3000)
    expect(prorate(3000, 2_682_000, 2_682_000)).toBe(3000)
    expect(prorate(3000, 0, 2_678_400)).toBe(0)
  })

  it('rounds half up at .5', () => {
    expect(prorate(3001, 1_339_200, 2_678_400)).toBe(1501) // 1500.5
    expect(prorate(3000, 1_900_800, 2_678_400)).toBe(2129) // 66 000 / 31 = 2129.03
    expect(prorate(3000, 1_296_000, 2_678_400)).toBe(1452) // 45 000 / 31 = 1451.61
  })

  it('is exact when the product passes 2^53', () => {
    // 9 000 000 000 000 × 2 678 400 ≈ 2.4e19 > 2^53
    expect(prorate(9_000_000_000_000, 2_678_400, 2_678_400)).toBe(9_000_000_000_000)
    // 999 999 999 999 × 2 678 399 / 2 678 400 = 999 999 999 999 - 999 999 999 999 / 2 678 400
    //   999 999 999 999 / 2 678 400 = 373 357 rest 611 199 = 373 357.228
    //   999 999 999 999 - 373 357.228 = 999 999 626 641.772 -> 999 999 626 642
    expect(prorate(999_999_999_999, 2_678_399, 2_678_400)).toBe(999_999_626_642)
    // 1000 cameras × a month of seconds
    expect(prorate(3000, 2_678_400_000, 2_678_400)).toBe(3_000_000)
  })

  it('refuses fractions, negative seconds and unsafe results', () => {
    expect(() => prorate(30.5, 10, 20)).toThrow(/monthlyPrice must be a safe integer/)
    expect(() => prorate(3000, 1.5, 20)).toThrow(/cameraSeconds/)
    expect(() => prorate(3000, -1, 20)).toThrow(/negative/)
    expect(() => prorate(3000, 1, 0)).toThrow(/secondsInMonth must be positive/)
    expect(() => prorate(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(/beyond the safe integer range/)
  })
})

describe('taxOf', () => {
  it('rounds half up', () => {
    expect(taxOf(3003, 2000)).toBe(601) // 600.6
    expect(taxOf(3002, 2000)).toBe(600) // 600.4
    expect(taxOf(1005, 1000)).toBe(101) // 100.5
    expect(taxOf(1004, 1000)).toBe(100) // 100.4
    expect(taxOf(3002, 2500)).toBe(751) // 750.5
    expect(taxOf(6629, 2000)).toBe(1326) // 1325.8
    expect(taxOf(0, 2000)).toBe(0)
    expect(taxOf(123_456, 0)).toBe(0)
  })

  it('rounds a negative (credit) subtotal half away from zero', () => {
    expect(taxOf(-1005, 1000)).toBe(-101) // -100.5
  })

  it('is exact beyond 2^53', () => {
    // 9 007 199 254 740 991 × 1 / 10 000 = 900 719 925 474.0991 -> 900 719 925 474
    expect(taxOf(Number.MAX_SAFE_INTEGER, 1)).toBe(900_719_925_474)
    // 9 007 199 254 740 991 × 5000 / 10 000 = 4 503 599 627 370 495.5 -> ...496
    expect(taxOf(Number.MAX_SAFE_INTEGER, 5000)).toBe(4_503_599_627_370_496)
  })

  it('refuses a negative or fractional rate', () => {
    expect(() => taxOf(1000, -1)).toThrow(/taxRateBp must not be negative/)
    expect(() => taxOf(1000, 19.5)).toThrow(/taxRateBp must be a safe integer/)
  })
})

describe('decimalRatio', () => {
  it('writes camera-days and average cameras with two decimals, half up', () => {
    expect(decimalRatio(1_080_000, 86_400, 2)).toBe('12.50')
    expect(decimalRatio(30_600, 86_400, 2)).toBe('0.35') // 0.354
    expect(decimalRatio(1_339_200, 2_678_400, 2)).toBe('0.50')
    expect(decimalRatio(1, 8, 2)).toBe('0.13') // 0.125
    expect(decimalRatio(1, 3, 2)).toBe('0.33')
    expect(decimalRatio(2, 3, 2)).toBe('0.67')
    expect(decimalRatio(0, 5, 2)).toBe('0.00')
    expect(decimalRatio(2_678_400_000, 2_678_400, 2)).toBe('1000.00')
    expect(decimalRatio(-1, 8, 2)).toBe('-0.13')
  })

  it('takes any number of decimals', () => {
    expect(decimalRatio(5, 2, 0)).toBe('3') // 2.5
    expect(decimalRatio(1, 3, 4)).toBe('0.3333')
    expect(decimalRatio(1, 1000, 3)).toBe('0.001')
    expect(() => decimalRatio(1, 0, 2)).toThrow(RangeError)
    expect(() => decimalRatio(1, 3, -1)).toThrow(/decimals/)
  })
})
