/**
 * Every unit conversion between billing and Watcher, one function each.
 * Billing speaks days, GB, booleans named for what is on, and Date; Watcher v3 speaks seconds,
 * bytes, `disabled` and Unix milliseconds; v2 speaks days, GB, `enabled` and Unix seconds.
 */

const SECONDS_PER_DAY = 86_400
const BYTES_PER_GB = 1_000_000_000

export const daysToSeconds = (days: number): number => Math.round(days * SECONDS_PER_DAY)
export const secondsToDays = (seconds: number): number => seconds / SECONDS_PER_DAY

export const gbToBytes = (gb: number): number => Math.round(gb * BYTES_PER_GB)
export const bytesToGb = (bytes: number): number => bytes / BYTES_PER_GB

export const enabledToDisabled = (enabled: boolean): boolean => !enabled
export const disabledToEnabled = (disabled: boolean): boolean => !disabled

export const millisecondsToDate = (ms: number | null | undefined): Date | null =>
  typeof ms === 'number' ? new Date(ms) : null
export const secondsToDate = (seconds: number | null | undefined): Date | null =>
  typeof seconds === 'number' ? new Date(seconds * 1000) : null
