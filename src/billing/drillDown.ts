/**
 * The drill-down of an invoice line, pure: which camera time it billed, clipped as the assembly
 * clips it (billedPart), and each interval's share of the line's amount and camera-seconds.
 *
 * Shares are apportioned by the largest-remainder rule: each interval first gets the whole minor
 * units of its exact share (line amount × its camera-milliseconds / the line's), then the units
 * left over (fewer than the intervals) go one each to the intervals with the largest remainders;
 * of equal remainders, the earlier interval (by from, camera, to) gets it. So the shares add up to
 * the line's amount exactly, each within one minor unit of its exact value, and the same intervals
 * always get the same shares. Camera-seconds are shared the same way, so they add up to the
 * line's camera-seconds (the assembly rounds a line's camera-milliseconds half up to seconds once).
 */
import { createHash } from 'node:crypto'
import { billedPart } from './invoiceAssembly'
import { roundHalfUpDiv } from './rounding'

/** Camera time on the line's organization and subscription, as the usage collector keeps it. */
export interface CameraTime {
  cameraKey: string
  from: Date
  /** null while open. */
  to: Date | null
}

/** The part of one interval a line billed. */
export interface ClippedCameraTime {
  cameraKey: string
  from: Date
  to: Date
  milliseconds: bigint
}

export interface IntervalShare {
  /** cameraReference(cameraKey). */
  camera: string
  from: Date
  to: Date
  seconds: number
  /** Minor units; the shares of a line add up to its amount. */
  amount: number
}

/** What a line says of itself: its price segment (within the period) and its amount. */
export interface LineSegment {
  segmentStart: Date
  segmentEnd: Date
}

/**
 * A short, stable reference of a camera for people and exports: 'cam-' and 8 hex digits of a
 * SHA-256 of the camera key. Not the key itself (which only the operator's admin sees), and, like
 * the key, not reversible to the stream name.
 */
export function cameraReference(cameraKey: string): string {
  return `cam-${createHash('sha256').update(`camera-reference:${cameraKey}`).digest('hex').slice(0, 8)}`
}

/**
 * `total` split by `weights` (largest remainder, ties to the earlier weight); a negative total
 * is split as its opposite and negated. All weights zero: all shares zero.
 */
export function apportion(total: number, weights: bigint[]): number[] {
  if (!Number.isSafeInteger(total))
    throw new RangeError(`total must be a safe integer, got ${total}`)
  if (total < 0) return apportion(-total, weights).map((share) => -share || 0)
  const sum = weights.reduce((a, b) => a + b, 0n)
  if (sum <= 0n) return weights.map(() => 0)
  const whole = BigInt(total)
  const floors = weights.map((weight) => (whole * weight) / sum)
  const remainders = weights.map((weight, index) => ({
    index,
    remainder: (whole * weight) % sum,
  }))
  let left = Number(whole - floors.reduce((a, b) => a + b, 0n))
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  )
  for (const { index } of remainders) {
    if (left === 0) break
    floors[index]! += 1n
    left--
  }
  return floors.map(Number)
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The parts of `intervals` that `line` billed, in time order (then camera key, then end). */
export function clipToLine(
  line: LineSegment,
  intervals: CameraTime[],
  trialEndsAt: Date | null,
): ClippedCameraTime[] {
  const segment = { start: line.segmentStart.getTime(), end: line.segmentEnd.getTime() }
  const trialEnd = trialEndsAt ? trialEndsAt.getTime() : null
  const clipped: ClippedCameraTime[] = []
  for (const interval of intervals) {
    const to = interval.to === null ? Infinity : interval.to.getTime()
    const part = billedPart(interval.from.getTime(), to, segment, trialEnd)
    if (!part) continue
    clipped.push({
      cameraKey: interval.cameraKey,
      from: new Date(part.from),
      to: new Date(part.to),
      milliseconds: BigInt(part.to - part.from),
    })
  }
  return clipped.sort(
    (a, b) =>
      a.from.getTime() - b.from.getTime() ||
      compareText(a.cameraKey, b.cameraKey) ||
      a.to.getTime() - b.to.getTime(),
  )
}

/** The line's intervals with their shares of its amount and camera-seconds. */
export function explainLine(
  line: LineSegment & { amount: number },
  intervals: CameraTime[],
  trialEndsAt: Date | null,
): IntervalShare[] {
  return shareClipped(line.amount, clipToLine(line, intervals, trialEndsAt))
}

/** Shares of `amount` over intervals already clipped to their line (as an issued invoice keeps them). */
export function shareClipped(amount: number, clipped: ClippedCameraTime[]): IntervalShare[] {
  const weights = clipped.map((part) => part.milliseconds)
  const totalMilliseconds = weights.reduce((a, b) => a + b, 0n)
  const amounts = apportion(amount, weights)
  const seconds = apportion(Number(roundHalfUpDiv(totalMilliseconds, 1000n)), weights)
  return clipped.map((part, index) => ({
    camera: cameraReference(part.cameraKey),
    from: part.from,
    to: part.to,
    seconds: seconds[index]!,
    amount: amounts[index]!,
  }))
}
