import { isIanaTimeZone } from './timezone'

/** A reporting period: one calendar month in a billing timezone, as a half-open UTC range. */
export interface BillingPeriod {
  /** 'YYYY-MM' */
  key: string
  timeZone: string
  /** The first instant of the month in timeZone. */
  start: Date
  /** The first instant of the next month (exclusive). */
  end: Date
  /** (end - start) / 1000: DST-aware, so October 2026 in Europe/Berlin has 31 * 86400 + 3600. */
  seconds: number
}

const DAY_MS = 86_400_000
const periodKeyPattern = /^([1-9]\d{3})-(0[1-9]|1[0-2])$/
const datePattern = /^([1-9]\d{3})-(\d{2})-(\d{2})$/

function parsePeriodKey(key: string): { year: number; month: number } {
  const match = typeof key === 'string' ? periodKeyPattern.exec(key) : null
  if (!match) throw new Error(`Invalid billing period "${key}": expected YYYY-MM, e.g. 2026-10`)
  return { year: Number(match[1]), month: Number(match[2]) }
}

function formatPeriodKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`
}

function assertTimeZone(timeZone: string): void {
  if (typeof timeZone !== 'string' || !isIanaTimeZone(timeZone)) {
    throw new Error(
      `Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin or UTC`,
    )
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, format)
  }
  return format
}

/**
 * wallClock's answers by zone and instant: a month close asks the same few instants (the period's
 * and the price segments' bounds) for every payer of a zone, and each formatToParts costs
 * microseconds. Bounded: cleared when full.
 */
const wallClocks = new Map<string, number>()
const MAX_WALL_CLOCKS = 10_000

/** The local wall-clock time at an instant, written as if it were UTC (whole seconds). */
function wallClock(epochMs: number, timeZone: string): number {
  const key = `${timeZone} ${epochMs}`
  const known = wallClocks.get(key)
  if (known !== undefined) return known
  const fields: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const wall = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  )
  if (wallClocks.size >= MAX_WALL_CLOCKS) wallClocks.clear()
  wallClocks.set(key, wall)
  return wall
}

function offsetAt(epochMs: number, timeZone: string): number {
  return wallClock(epochMs, timeZone) - (epochMs - (((epochMs % 1000) + 1000) % 1000))
}

/** The local calendar date at an instant, as [year, month, day]. */
export function localDate(instant: Date, timeZone: string): [number, number, number] {
  assertTimeZone(timeZone)
  const wall = new Date(wallClock(instant.getTime(), timeZone))
  return [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()]
}

/** The UTC instant at which the local day `date` ('YYYY-MM-DD') begins in timeZone. */
export function localDayStart(date: string, timeZone: string): Date {
  assertTimeZone(timeZone)
  const match = typeof date === 'string' ? datePattern.exec(date) : null
  const wall = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN
  if (!match || new Date(wall).toISOString().slice(0, 10) !== date) {
    throw new Error(`Invalid date "${date}": expected a calendar date YYYY-MM-DD`)
  }
  // As Temporal does: try the offsets in force a day either side and keep those that land on midnight.
  const offsetBefore = offsetAt(wall - DAY_MS, timeZone)
  const offsetAfter = offsetAt(wall + DAY_MS, timeZone)
  const exact = [wall - offsetBefore, wall - offsetAfter]
    .filter((candidate) => wallClock(candidate, timeZone) === wall)
    .sort((a, b) => a - b)
  if (exact.length > 0) return new Date(exact[0])
  // Midnight was skipped by a forward transition (e.g. America/Santiago): the day begins at it.
  return new Date(wall - offsetBefore)
}

export function billingPeriod(key: string, timeZone: string): BillingPeriod {
  const { year, month } = parsePeriodKey(key)
  assertTimeZone(timeZone)
  const next = month === 12 ? formatPeriodKey(year + 1, 1) : formatPeriodKey(year, month + 1)
  const start = localDayStart(`${key}-01`, timeZone)
  const end = localDayStart(`${next}-01`, timeZone)
  return { key, timeZone, start, end, seconds: (end.getTime() - start.getTime()) / 1000 }
}

/** The 'YYYY-MM' period that contains instant in timeZone. */
export function periodOf(instant: Date, timeZone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new Error('periodOf needs a valid Date')
  }
  const [year, month] = localDate(instant, timeZone)
  return formatPeriodKey(year, month)
}

export function previousPeriod(key: string): string {
  const { year, month } = parsePeriodKey(key)
  return month === 1 ? formatPeriodKey(year - 1, 12) : formatPeriodKey(year, month - 1)
}

export function nextPeriod(key: string): string {
  const { year, month } = parsePeriodKey(key)
  return month === 12 ? formatPeriodKey(year + 1, 1) : formatPeriodKey(year, month + 1)
}
