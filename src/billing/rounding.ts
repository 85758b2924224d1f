/**
 * Exact integer arithmetic for amounts: products go through BigInt so nothing passes through a
 * float, and every division rounds half up (half away from zero for negative numerators).
 */

function requireSafeInteger(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be a safe integer, got ${value}`)
  return BigInt(value)
}

function toSafeNumber(name: string, value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${name} ${value} is beyond the safe integer range`)
  }
  return Number(value)
}

/** numerator / denominator rounded half up; a negative quotient rounds half away from zero. */
export function roundHalfUpDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError(`denominator must be positive, got ${denominator}`)
  const quotient = numerator / denominator // truncates toward zero
  const remainder = numerator % denominator // has the sign of the numerator
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder
  if (twiceRemainder < denominator) return quotient
  return numerator < 0n ? quotient - 1n : quotient + 1n
}

/** round_half_up(monthlyPrice × cameraSeconds / secondsInMonth), in minor units. */
export function prorate(
  monthlyPrice: number,
  cameraSeconds: number,
  secondsInMonth: number,
): number {
  const price = requireSafeInteger('monthlyPrice', monthlyPrice)
  const seconds = requireSafeInteger('cameraSeconds', cameraSeconds)
  const month = requireSafeInteger('secondsInMonth', secondsInMonth)
  if (seconds < 0n) throw new RangeError(`cameraSeconds must not be negative, got ${cameraSeconds}`)
  if (month <= 0n) throw new RangeError(`secondsInMonth must be positive, got ${secondsInMonth}`)
  return toSafeNumber('prorated amount', roundHalfUpDiv(price * seconds, month))
}

/** round_half_up(subtotal × taxRateBp / 10000), in minor units. */
export function taxOf(subtotal: number, taxRateBp: number): number {
  const amount = requireSafeInteger('subtotal', subtotal)
  const rate = requireSafeInteger('taxRateBp', taxRateBp)
  if (rate < 0n) throw new RangeError(`taxRateBp must not be negative, got ${taxRateBp}`)
  return toSafeNumber('tax', roundHalfUpDiv(amount * rate, 10_000n))
}

/** numerator / denominator as a decimal string with `decimals` places, rounded half up: 12.50. */
export function decimalRatio(numerator: number, denominator: number, decimals: number): string {
  const top = requireSafeInteger('numerator', numerator)
  const bottom = requireSafeInteger('denominator', denominator)
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`decimals must be an integer from 0 to 20, got ${decimals}`)
  }
  const scaled = roundHalfUpDiv(top * 10n ** BigInt(decimals), bottom)
  const sign = scaled < 0n ? '-' : ''
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(decimals + 1, '0')
  if (decimals === 0) return `${sign}${digits}`
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}
