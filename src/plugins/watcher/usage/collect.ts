import type { Payload } from 'payload'
import { watcherApi, WatcherNotConfigured } from '../api'
import type { WatcherApi } from '../client/types'
import { isWatcherError } from '../client/errors'
import { payloadSecrets, type SecretRing } from '../../../config/serverSecret'
import { Busy } from '../../../endpoints/errors'
import { cameraKeyBytesOf, cameraKeyIdOf } from './cameraKey'
import {
  billingIdsByWatcherId,
  closeIntervals,
  countOpenIntervalsOfOtherKeys,
  insertIntervals,
  lastIntervalEnds,
  openIntervalTotal,
  openIntervalsInKeyOrder,
  rekeyCameraUsage,
} from '../store'
import {
  intervalStartMs,
  judgeStream,
  planIntervals,
  type BillableCamera,
  type BillingIds,
  type IntervalOpenColumns,
  type OpenInterval,
  type UnbilledReason,
} from './plan'
import { SeenStreams, type SortedStreams } from './seenStreams'
import { LOCK_KEYS, poolOf, withAdvisoryLock, withTransaction } from '../../../db'

/** Streams per Watcher request. */
const PAGE_SIZE = 1_000
/** Unbilled groups kept in a report, largest first; the `unbilled` total stays exact. */
const MAX_UNBILLED_GROUPS = 100
/** Open intervals compared with the walk at a time (and cameras per statement beyond them). */
const COMPARE_PAGE = 10_000
/**
 * Open intervals fetched at a time (at most the compare page): pg builds a fetch's rows while
 * they arrive, and the fewer of them alive at once, the fewer V8 promotes (at a million cameras,
 * 10,000 rows a fetch left about 300 bytes per camera in the old generation every pull).
 */
const FETCH_PAGE = 2_000

/**
 * Open intervals whose camera keys another PAYLOAD_SECRET made (neither the current one nor
 * PAYLOAD_SECRET_PREVIOUS): collecting would close them all and bill their cameras again from
 * created_at, so nothing is collected until the secrets are set right.
 */
export class ForeignCameraKeys extends Error {
  constructor(
    readonly intervals: number,
    readonly keyIds: string[],
    currentKeyId: string,
  ) {
    super(
      `${intervals} open interval(s) carry camera keys of another PAYLOAD_SECRET (key id ${keyIds.join(', ')}; the current secret's is ${currentKeyId}): ` +
        'set PAYLOAD_SECRET_PREVIOUS to the secret that made them (README, "Rotating PAYLOAD_SECRET"); ' +
        'without it every camera would look new and be billed again from its created_at',
    )
    this.name = 'ForeignCameraKeys'
  }
}

export class UsageCollectionBusy extends Busy {
  constructor() {
    super('a collection is already running')
  }
}

export interface UnbilledGroup {
  reason: UnbilledReason
  watcherOrganizationId: number | null
  watcherPresetId: number | null
  cameras: number
}

export interface UsageCollectionResult {
  /** The `usage-collections` document of this run. */
  report: number
  outcome: 'done' | 'failed'
  /** Streams seen in Watcher. */
  cameras: number
  billable: number
  opened: number
  closed: number
  /**
   * Intervals whose camera key was made with PAYLOAD_SECRET_PREVIOUS and now carries the current
   * secret's (only while a rotation runs).
   */
  rekeyed: number
  unbilled: number
  unbilledGroups: UnbilledGroup[]
  /** Why the run failed; camera usage is then unchanged. */
  error: string | null
  /** The failure came from Watcher (the stream walk), not from billing's database. */
  watcherFailed: boolean
  /** Refused: open intervals carry camera keys of another PAYLOAD_SECRET (`ForeignCameraKeys`). */
  foreignCameraKeys: boolean
  /** Refused: Watcher is not configured (WATCHER_URL unset). */
  watcherNotConfigured: boolean
  /** Where the time went: walking Watcher's streams, and reading and writing intervals. */
  walkMs: number
  writeMs: number
}

export interface CollectUsageOptions {
  /** The time of this pull: intervals close here (tests inject it). Default: now. */
  now?: Date
  /** Streams per Watcher request; default 1,000. */
  pageSize?: number
  /** Open intervals compared with the walk at a time; default 10,000 (a test makes it small). */
  comparePageSize?: number
  /**
   * The Watcher client, or the plugin's factory of it (called at the walk, so that a Watcher that
   * is not configured fails the run with its report); default the one of the WATCHER_* environment.
   */
  api?: WatcherApi | (() => WatcherApi)
}

const clientOf = (api: CollectUsageOptions['api']): WatcherApi =>
  typeof api === 'function' ? api() : (api ?? watcherApi())

interface Walk {
  cameras: number
  billable: number
  /** Every camera once, in camera-key order (keys of the current secret). */
  streams: SortedStreams
  /** While PAYLOAD_SECRET is rotated: the streams' keys under the previous secret were kept too. */
  rotating: boolean
  unbilled: number
  unbilledGroups: UnbilledGroup[]
}

/** Every stream once; only the camera key leaves this function, never the stream's name. */
async function walkStreams(
  api: WatcherApi,
  ids: BillingIds,
  secrets: SecretRing,
  pageSize: number,
  expected: number,
): Promise<Walk> {
  const seen = new SeenStreams(expected)
  const groups: UnbilledGroup[] = []
  const groupIndex = new Map<string, number>()
  for await (const stream of api.streams({ pageSize })) {
    const key = cameraKeyBytesOf(stream.name, secrets.current)
    const previous = secrets.previous ? cameraKeyBytesOf(stream.name, secrets.previous) : null
    const verdict = judgeStream(stream, ids)
    let group = -1
    if (verdict.kind === 'unbilled') {
      const name = `${verdict.reason}|${stream.organizationId}|${stream.presetId}`
      group = groupIndex.get(name) ?? -1
      if (group < 0) {
        group = groups.length
        groupIndex.set(name, group)
        groups.push({
          reason: verdict.reason,
          watcherOrganizationId: stream.organizationId,
          watcherPresetId: stream.presetId,
          cameras: 0,
        })
      }
    }
    seen.add(key, previous, verdict, group, stream)
  }
  // a stream met twice (moved between pages during the walk) counts once, as last seen
  const streams = seen.sorted()
  let unbilled = 0
  for (const [group, cameras] of streams.unbilledCounts()) {
    groups[group]!.cameras = cameras
    unbilled += cameras
  }
  const reported = groups.filter((group) => group.cameras > 0)
  reported.sort(
    (a, b) =>
      b.cameras - a.cameras ||
      a.reason.localeCompare(b.reason) ||
      (a.watcherOrganizationId ?? 0) - (b.watcherOrganizationId ?? 0) ||
      (a.watcherPresetId ?? 0) - (b.watcherPresetId ?? 0),
  )
  return {
    cameras: streams.cameras,
    billable: streams.billable.length,
    streams,
    rotating: secrets.previous !== null,
    unbilled,
    unbilledGroups: reported,
  }
}

/**
 * Reads the open intervals, computes the diff and writes it: one transaction, batched statements.
 * The open intervals are read in camera-key order, a page at a time, and each page is compared
 * with the walk's cameras of the same key range (the walk is sorted by key): neither side is ever
 * held as a map of every camera. While PAYLOAD_SECRET is rotated, intervals keyed with the
 * previous secret first take the current key, so that their cameras are neither new (billed again
 * from created_at) nor gone (closed).
 * The transaction runs on a connection of its own, not the one holding the collection's session
 * lock: that lock (and the rotation's transaction lock on the same key) is what keeps two writers
 * of camera usage apart, whichever connection the writes use.
 */
async function applyUsage(
  payload: Payload,
  walk: Pick<Walk, 'streams' | 'rotating'>,
  now: Date,
  secrets: SecretRing,
  pageSize: number,
): Promise<{ opened: number; closed: number; rekeyed: number }> {
  const { streams } = walk
  const keyId = cameraKeyIdOf(secrets.current)
  return withTransaction(payload, async ({ sql }) => {
    let rekeyed = 0
    if (walk.rotating)
      for (const pairs of streams.keyPairs(pageSize))
        rekeyed += await rekeyCameraUsage(sql, pairs, keyId)
    // intervals keyed before key ids were kept (null) cannot be judged: they are matched as they are
    const known = [keyId, ...(secrets.previous ? [cameraKeyIdOf(secrets.previous)] : [])]
    const foreign = await countOpenIntervalsOfOtherKeys(sql, known)
    if (foreign.length > 0) {
      const intervals = foreign.reduce((sum, row) => sum + row.intervals, 0)
      throw new ForeignCameraKeys(
        intervals,
        foreign.map((row) => row.keyId),
        keyId,
      )
    }
    let opened = 0
    let closed = 0
    const nowMs = now.getTime()
    let next = 0
    /**
     * Plans and writes one key range: its open intervals (in key order) against the walk's
     * cameras from `next` up to `lastKey` (or `limit` of them when there is none), merged in key
     * order. A camera whose interval stays open costs no object; the intervals to close or move
     * go through planIntervals, and the cameras without an open interval are opened as columns
     * (at intervalStartMs), so a range keeps little alive while its statements run.
     */
    const compare = async (open: OpenInterval[], lastKey: string | null, limit: number) => {
      const changed: OpenInterval[] = []
      const moved = new Map<string, BillableCamera>()
      const fresh: number[] = []
      const freshKeys: string[] = []
      const start = next
      let o = 0
      while (next < streams.billable.length && next - start < limit) {
        const key = streams.billableKey(next)
        if (lastKey !== null && key > lastKey) break
        // open intervals before this camera's key: their cameras are gone
        while (o < open.length && open[o]!.cameraKey < key) changed.push(open[o++]!)
        const interval = o < open.length && open[o]!.cameraKey === key ? open[o++]! : undefined
        if (!interval) {
          fresh.push(next)
          freshKeys.push(key)
        } else if (
          interval.organization !== streams.billableOrganization(next) ||
          interval.subscription !== streams.billableSubscription(next)
        ) {
          changed.push(interval)
          moved.set(key, streams.billableCamera(next))
        }
        next++
      }
      while (o < open.length) changed.push(open[o++]!)
      const lastEnds = await lastIntervalEnds(sql, freshKeys)
      // the moved and the gone: every one of those cameras has its open interval here
      const { closes, opens } = planIntervals({ now, open: changed, billable: moved, lastEnds })
      const opening: IntervalOpenColumns = {
        cameraKeys: opens.map((interval) => interval.cameraKey),
        organizations: opens.map((interval) => interval.organization),
        subscriptions: opens.map((interval) => interval.subscription),
        fromMs: opens.map((interval) => interval.from.getTime()),
      }
      fresh.forEach((index, k) => {
        opening.cameraKeys.push(freshKeys[k]!)
        opening.organizations.push(streams.billableOrganization(index))
        opening.subscriptions.push(streams.billableSubscription(index))
        opening.fromMs.push(
          intervalStartMs(
            streams.billableCreatedAtMs(index),
            streams.billableLastChangeAtMs(index),
            lastEnds.get(freshKeys[k]!)?.getTime() ?? NaN,
            nowMs,
          ),
        )
      })
      // closes first: a camera has at most one open interval (a unique index says so too)
      await closeIntervals(sql, closes)
      await insertIntervals(sql, opening, keyId)
      closed += closes.length
      opened += opening.cameraKeys.length
    }
    for await (const open of openIntervalsInKeyOrder(sql, Math.min(pageSize, FETCH_PAGE)))
      await compare(open, open[open.length - 1]!.cameraKey, Infinity)
    // cameras beyond the last open interval's key
    while (next < streams.billable.length) await compare([], null, pageSize)
    return { opened, closed, rekeyed }
  })
}

const count = (value: number) => value.toLocaleString('en')

function summaryOf(result: Omit<UsageCollectionResult, 'report'>): string {
  if (result.outcome === 'failed') return `Failed, camera usage unchanged: ${result.error}`
  const reasons = new Map<string, number>()
  for (const group of result.unbilledGroups)
    reasons.set(group.reason, (reasons.get(group.reason) ?? 0) + group.cameras)
  const unbilled = result.unbilled
    ? `${count(result.unbilled)} not billed (${[...reasons].map(([reason, cameras]) => `${reason}: ${count(cameras)}`).join(', ')})`
    : 'none unbilled'
  const took = `Watcher ${(result.walkMs / 1000).toFixed(1)} s, database ${(result.writeMs / 1000).toFixed(1)} s`
  const rekeyed = result.rekeyed
    ? `; ${count(result.rekeyed)} intervals re-keyed from the previous PAYLOAD_SECRET`
    : ''
  return `${count(result.cameras)} cameras in Watcher, ${count(result.billable)} billable; ${count(result.opened)} opened, ${count(result.closed)} closed${rekeyed}; ${unbilled} (${took})`
}

function describeError(error: unknown, phase: string): string {
  const message = error instanceof Error ? error.message : String(error)
  if (isWatcherError(error)) return `Watcher failed during the ${phase}: ${message}`
  return `${phase[0]!.toUpperCase()}${phase.slice(1)} failed: ${message}`
}

/**
 * One pull of camera usage from Watcher (DESIGN.md section 4 "Usage"): walks every stream, keeps
 * `camera-usage` in line (opens, keeps, closes intervals) and stores a `usage-collections` report.
 * All or nothing: a walk that fails part-way, or a failed write, changes no interval and stores a
 * `failed` report. Throws `UsageCollectionBusy` while another collection runs.
 */
export async function collectUsage(
  payload: Payload,
  options: CollectUsageOptions = {},
): Promise<UsageCollectionResult> {
  // one collection at a time, on any number of app replicas and workers: this session lock (its own
  // key, not the job runner's) is held from the first read to the report
  return withAdvisoryLock(
    payload,
    LOCK_KEYS.usageCollection,
    () => collectLocked(payload, options),
    {
      waitMs: 0,
      busy: () => new UsageCollectionBusy(),
    },
  )
}

async function collectLocked(
  payload: Payload,
  options: CollectUsageOptions,
): Promise<UsageCollectionResult> {
  const startedAt = new Date()
  const now = options.now ?? startedAt
  let result: Omit<UsageCollectionResult, 'report'>
  let walk: Walk | undefined
  let phase: 'reading billing ids' | 'stream walk' | 'writing camera usage' = 'reading billing ids'
  let walkMs = 0
  let writeMs = 0
  try {
    const ids = await billingIdsByWatcherId(poolOf(payload))
    // the walk's columns sized for the cameras of the last pull, and some: not grown by copies
    const expected = Math.ceil((await openIntervalTotal(poolOf(payload))) * 1.05)
    phase = 'stream walk'
    let mark = performance.now()
    const secrets = payloadSecrets(payload)
    walk = await walkStreams(
      clientOf(options.api),
      ids,
      secrets,
      options.pageSize ?? PAGE_SIZE,
      expected,
    )
    walkMs = Math.round(performance.now() - mark)
    phase = 'writing camera usage'
    mark = performance.now()
    const { opened, closed, rekeyed } = await applyUsage(
      payload,
      walk,
      now,
      secrets,
      options.comparePageSize ?? COMPARE_PAGE,
    )
    writeMs = Math.round(performance.now() - mark)
    result = {
      outcome: 'done',
      cameras: walk.cameras,
      billable: walk.billable,
      opened,
      closed,
      rekeyed,
      unbilled: walk.unbilled,
      unbilledGroups: walk.unbilledGroups,
      error: null,
      watcherFailed: false,
      foreignCameraKeys: false,
      watcherNotConfigured: false,
      walkMs,
      writeMs,
    }
  } catch (error) {
    result = {
      outcome: 'failed',
      // what a walk that finished saw; a broken walk reports nothing it half-saw
      cameras: walk?.cameras ?? 0,
      billable: walk?.billable ?? 0,
      opened: 0,
      closed: 0,
      rekeyed: 0,
      unbilled: walk?.unbilled ?? 0,
      unbilledGroups: walk?.unbilledGroups ?? [],
      error: describeError(error, phase),
      watcherFailed: phase === 'stream walk' && isWatcherError(error),
      foreignCameraKeys: error instanceof ForeignCameraKeys,
      watcherNotConfigured: error instanceof WatcherNotConfigured,
      walkMs,
      writeMs,
    }
  }
  const summary = summaryOf(result)
  const report = await payload.create({
    collection: 'usage-collections',
    overrideAccess: true,
    data: {
      outcome: result.outcome,
      summary,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      cameras: result.cameras,
      billable: result.billable,
      opened: result.opened,
      closed: result.closed,
      unbilled: result.unbilled,
      unbilledGroups: result.unbilledGroups.slice(0, MAX_UNBILLED_GROUPS),
      error: result.error,
    },
  })
  if (result.outcome === 'failed') payload.logger.error(`usage collection ${report.id}: ${summary}`)
  else payload.logger.info(`usage collection ${report.id}: ${summary}`)
  return { report: report.id, ...result }
}
