/**
 * The usage rules of DESIGN.md section 4, without I/O: which cameras count, and how the open
 * intervals change after one pull of Watcher's streams.
 */
import type { WatcherStream } from '../client/types'

/** Billing's ids for Watcher's: organizations by Watcher organization id, subscriptions by preset id. */
export interface BillingIds {
  organizations: ReadonlyMap<number, number>
  subscriptions: ReadonlyMap<number, number>
}

export type UnbilledReason = 'unknown organization' | 'no preset' | 'unknown preset'

export type StreamVerdict =
  | { kind: 'billable'; organization: number; subscription: number }
  /** Not billable and nothing to report: the camera does not record. */
  | { kind: 'disabled' }
  /** Running, but billing cannot say whom or on what to bill: reported, never dropped silently. */
  | { kind: 'unbilled'; reason: UnbilledReason }

/**
 * A camera counts while it exists, is not disabled, and both its organization and its preset are
 * known to billing. Whether the subscription is among the organization's available subscriptions
 * does not matter: billing bills what Watcher runs.
 */
export function judgeStream(
  stream: Pick<WatcherStream, 'organizationId' | 'presetId' | 'disabled'>,
  ids: BillingIds,
): StreamVerdict {
  if (stream.disabled) return { kind: 'disabled' }
  const organization =
    stream.organizationId === null ? undefined : ids.organizations.get(stream.organizationId)
  if (organization === undefined) return { kind: 'unbilled', reason: 'unknown organization' }
  if (stream.presetId === null) return { kind: 'unbilled', reason: 'no preset' }
  const subscription = ids.subscriptions.get(stream.presetId)
  if (subscription === undefined) return { kind: 'unbilled', reason: 'unknown preset' }
  return { kind: 'billable', organization, subscription }
}

export interface BillableCamera {
  organization: number
  subscription: number
  createdAt: Date | null
  lastChangeAt: Date | null
}

export interface OpenInterval {
  id: number
  cameraKey: string
  organization: number
  subscription: number
  /**
   * Where it began, in epoch milliseconds: a number, not a Date, because a pull reads every open
   * interval and a Date per row (with its parsing) was a good part of what V8 promoted per pull.
   */
  fromMs: number
}

export interface IntervalClose {
  id: number
  to: Date
}

export interface IntervalOpen {
  cameraKey: string
  organization: number
  subscription: number
  from: Date
}

/** New open intervals as columns (one entry per camera in each), `fromMs` in epoch milliseconds. */
export interface IntervalOpenColumns {
  cameraKeys: string[]
  organizations: number[]
  subscriptions: number[]
  fromMs: number[]
}

export interface IntervalChanges {
  closes: IntervalClose[]
  opens: IntervalOpen[]
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b)

/**
 * Where a new interval starts (DESIGN.md section 4, "Where an interval starts"):
 * - a camera billing has never seen (no interval ever): at the stream's `created_at`, whenever
 *   the pull happens, the very first one after installation included;
 * - a camera that had intervals before (preset or organization changed, re-enabled, back after a
 *   gap): at the stream's last change when Watcher gives one, else at this pull; never before the
 *   end of its previous interval, so a camera's intervals never overlap.
 */
export function intervalStart(
  camera: Pick<BillableCamera, 'createdAt' | 'lastChangeAt'>,
  previousEnd: Date | null,
  now: Date,
): Date {
  return new Date(
    intervalStartMs(
      camera.createdAt?.getTime() ?? NaN,
      camera.lastChangeAt?.getTime() ?? NaN,
      previousEnd?.getTime() ?? NaN,
      now.getTime(),
    ),
  )
}

/**
 * intervalStart in epoch milliseconds, NaN for a time that is absent: what the collector uses for
 * the cameras it opens in bulk, without a `Date` per camera.
 */
export function intervalStartMs(
  createdAtMs: number,
  lastChangeAtMs: number,
  previousEndMs: number,
  nowMs: number,
): number {
  const given = (ms: number, otherwise: number) => (Number.isNaN(ms) ? otherwise : ms)
  if (Number.isNaN(previousEndMs)) return given(createdAtMs, given(lastChangeAtMs, nowMs))
  return Math.max(given(lastChangeAtMs, nowMs), previousEndMs)
}

/**
 * The changes one pull makes: an open interval whose camera is still billable on the same
 * organization and subscription stays; one whose camera moved closes at `now` and a new one opens;
 * one whose camera is gone, disabled or no longer attributable closes at `now`. Billable cameras
 * without an open interval get one. `lastEnds` holds, for those cameras, the end of their latest
 * closed interval (absent: billing has never seen the camera).
 */
export function planIntervals(input: {
  now: Date
  open: Iterable<OpenInterval>
  billable: ReadonlyMap<string, BillableCamera>
  lastEnds: ReadonlyMap<string, Date>
}): IntervalChanges {
  const { now, billable, lastEnds } = input
  const closes: IntervalClose[] = []
  const opens: IntervalOpen[] = []
  const stillOpen = new Set<string>()
  for (const interval of input.open) {
    const camera = billable.get(interval.cameraKey)
    if (
      camera &&
      camera.organization === interval.organization &&
      camera.subscription === interval.subscription
    ) {
      stillOpen.add(interval.cameraKey)
      continue
    }
    // an interval never ends before it starts (a Watcher clock ahead of billing's)
    const to = later(now, new Date(interval.fromMs))
    closes.push({ id: interval.id, to })
    if (camera) {
      stillOpen.add(interval.cameraKey)
      opens.push({
        cameraKey: interval.cameraKey,
        organization: camera.organization,
        subscription: camera.subscription,
        from: intervalStart(camera, to, now),
      })
    }
  }
  for (const [cameraKey, camera] of billable) {
    if (stillOpen.has(cameraKey)) continue
    opens.push({
      cameraKey,
      organization: camera.organization,
      subscription: camera.subscription,
      from: intervalStart(camera, lastEnds.get(cameraKey) ?? null, now),
    })
  }
  return { closes, opens }
}
