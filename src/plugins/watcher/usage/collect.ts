import type { Payload } from 'payload'
import { watcherApi, WatcherNotConfigured } from '../api'
import type { WatcherApi } from '../client/types'
import { isWatcherError } from '../client/errors'
import { payloadSecrets, type SecretRing } from '../../../config/serverSecret'
import { Busy } from '../../../endpoints/errors'
import { cameraKeyIdOf, cameraKeysOf } from './cameraKey'
import {
  billingIdsByWatcherId,
  closeIntervals,
  countOpenIntervalsOfOtherKeys,
  insertIntervals,
  lastIntervalEnds,
  openIntervals,
  rekeyCameraUsage,
  type KeyPair,
} from '../store'
import {
  judgeStream,
  planIntervals,
  type BillableCamera,
  type BillingIds,
  type UnbilledReason,
} from './plan'
import { LOCK_KEYS, poolOf, withAdvisoryLock, withTransaction } from '../../../db'

/** Streams per Watcher request. */
const PAGE_SIZE = 1_000
/** Unbilled groups kept in a report, largest first; the `unbilled` total stays exact. */
const MAX_UNBILLED_GROUPS = 100

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
  /** By the camera key of the current secret. */
  billable: Map<string, BillableCamera>
  /** While PAYLOAD_SECRET is rotated: every stream's key with the previous secret and with the current one. */
  rekeys: KeyPair[]
  unbilled: number
  unbilledGroups: UnbilledGroup[]
}

/** Every stream once; only the camera key leaves this function, never the stream's name. */
async function walkStreams(
  api: WatcherApi,
  ids: BillingIds,
  secrets: SecretRing,
  pageSize: number,
): Promise<Walk> {
  const seen = new Set<string>()
  const rekeys: KeyPair[] = []
  const billable = new Map<string, BillableCamera>()
  const unbilled = new Map<string, UnbilledGroup>()
  const unbilledKeys = new Map<string, string>()
  for await (const stream of api.streams({ pageSize })) {
    const keys = cameraKeysOf(stream.name, secrets)
    const cameraKey = keys.current
    if (keys.previous !== null && !seen.has(cameraKey))
      rekeys.push({ previous: keys.previous, current: cameraKey })
    // a stream met twice (moved between pages during the walk) counts once, as last seen
    if (seen.has(cameraKey)) {
      billable.delete(cameraKey)
      const group = unbilledKeys.get(cameraKey)
      if (group) unbilled.get(group)!.cameras--
      unbilledKeys.delete(cameraKey)
    }
    seen.add(cameraKey)
    const verdict = judgeStream(stream, ids)
    if (verdict.kind === 'billable') {
      billable.set(cameraKey, {
        organization: verdict.organization,
        subscription: verdict.subscription,
        createdAt: stream.createdAt,
        lastChangeAt: stream.lastChangeAt,
      })
    } else if (verdict.kind === 'unbilled') {
      const group = `${verdict.reason}|${stream.organizationId}|${stream.presetId}`
      const entry = unbilled.get(group) ?? {
        reason: verdict.reason,
        watcherOrganizationId: stream.organizationId,
        watcherPresetId: stream.presetId,
        cameras: 0,
      }
      entry.cameras++
      unbilled.set(group, entry)
      unbilledKeys.set(cameraKey, group)
    }
  }
  const groups = [...unbilled.values()].filter((group) => group.cameras > 0)
  groups.sort(
    (a, b) =>
      b.cameras - a.cameras ||
      a.reason.localeCompare(b.reason) ||
      (a.watcherOrganizationId ?? 0) - (b.watcherOrganizationId ?? 0) ||
      (a.watcherPresetId ?? 0) - (b.watcherPresetId ?? 0),
  )
  return {
    cameras: seen.size,
    billable,
    rekeys,
    unbilled: unbilledKeys.size,
    unbilledGroups: groups,
  }
}

/**
 * Reads the open intervals, computes the diff and writes it: one transaction, batched statements.
 * While PAYLOAD_SECRET is rotated, intervals keyed with the previous secret first take the current
 * key, so that their cameras are neither new (billed again from created_at) nor gone (closed).
 * The transaction runs on a connection of its own, not the one holding the collection's session
 * lock: that lock (and the rotation's transaction lock on the same key) is what keeps two writers
 * of camera usage apart, whichever connection the writes use.
 */
async function applyUsage(
  payload: Payload,
  walk: Pick<Walk, 'billable' | 'rekeys'>,
  now: Date,
  secrets: SecretRing,
): Promise<{ opened: number; closed: number; rekeyed: number }> {
  const { billable } = walk
  const keyId = cameraKeyIdOf(secrets.current)
  return withTransaction(payload, async ({ sql }) => {
    const rekeyed = walk.rekeys.length > 0 ? await rekeyCameraUsage(sql, walk.rekeys, keyId) : 0
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
    const open = await openIntervals(sql)
    const withOpen = new Set(open.map((interval) => interval.cameraKey))
    const lastEnds = await lastIntervalEnds(
      sql,
      [...billable.keys()].filter((key) => !withOpen.has(key)),
    )
    const { closes, opens } = planIntervals({ now, open, billable, lastEnds })
    // closes first: a camera has at most one open interval (a unique index says so too)
    await closeIntervals(sql, closes)
    await insertIntervals(sql, opens, keyId)
    return { opened: opens.length, closed: closes.length, rekeyed }
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
    phase = 'stream walk'
    let mark = performance.now()
    const secrets = payloadSecrets(payload)
    walk = await walkStreams(clientOf(options.api), ids, secrets, options.pageSize ?? PAGE_SIZE)
    walkMs = Math.round(performance.now() - mark)
    phase = 'writing camera usage'
    mark = performance.now()
    const { opened, closed, rekeyed } = await applyUsage(payload, walk, now, secrets)
    writeMs = Math.round(performance.now() - mark)
    result = {
      outcome: 'done',
      cameras: walk.cameras,
      billable: walk.billable.size,
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
      billable: walk?.billable.size ?? 0,
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
