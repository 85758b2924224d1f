/** v2 units (days, GB, Unix seconds, `enabled`) ↔ the store's v3 units, one function each. */

const SECONDS_PER_DAY = 86_400
const BYTES_PER_GB = 1_000_000_000

export const daysToSeconds = (days: number): number => Math.round(days * SECONDS_PER_DAY)
export const secondsToDays = (seconds: number | undefined): number | null =>
  seconds === undefined ? null : seconds / SECONDS_PER_DAY

export const gbToBytes = (gb: number): number => Math.round(gb * BYTES_PER_GB)
export const bytesToGb = (bytes: number | undefined): number | null =>
  bytes === undefined ? null : bytes / BYTES_PER_GB

export const millisecondsToSeconds = (ms: number): number => Math.floor(ms / 1000)

export const enabledToDisabled = (enabled: boolean | undefined): boolean | undefined =>
  enabled === undefined ? undefined : !enabled

/** A v2 value in days/GB to a settings patch value: null removes, undefined leaves alone. */
export function convertOptional(
  value: number | null | undefined,
  convert: (value: number) => number,
): number | null | undefined {
  return value === undefined || value === null ? value : convert(value)
}
