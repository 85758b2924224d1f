import type { Payload } from 'payload'
import type pg from 'pg'
import { watcherApi } from '../api'
import type { WatcherApi } from '../client/types'
import { isWatcherError } from '../client/errors'
import { payloadSecrets, type SecretRing } from '../../../config/serverSecret'
import { cameraKeyIdOf, cameraKeysOf } from './cameraKey'
import { rekeyCameraUsage, type KeyPair } from './rekey'
import { judgeStream, planIntervals, type BillableCamera, type BillingIds, type OpenInterval, type UnbilledReason } from './plan'
import { LOCK_KEYS, poolOf, withAdvisoryLock } from '../../../db'

/**
 * Only one collection runs at a time, on any number of app replicas and workers: it holds this
 * PostgreSQL advisory lock (its own key, not the job runner's) from its first read to its report.
 */
export const USAGE_LOCK_KEY = LOCK_KEYS.usageCollection

/** Streams per Watcher request. */
const PAGE_SIZE = 1_000
/** Rows per INSERT/UPDATE statement (each column is one array parameter). */
const WRITE_BATCH = 20_000
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

export class UsageCollectionBusy extends Error {
  constructor() {
    super('a collection is already running')
    this.name = 'UsageCollectionBusy'
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
  /** Where the time went: walking Watcher's streams, and reading and writing intervals. */
  walkMs: number
  writeMs: number
}

export interface CollectUsageOptions {
  /** The time of this pull: intervals close here (tests inject it). Default: now. */
  now?: Date
  /** Streams per Watcher request; default 1,000. */
  pageSize?: number
  /** The Watcher client; default the configured one. */
  api?: WatcherApi
}

/** Billing's organizations and subscriptions by their Watcher ids (newest document wins a tie). */
async function loadBillingIds(client: pg.PoolClient): Promise<BillingIds> {
  const byRemoteId = async (sql: string) => {
    const { rows } = await client.query<{ id: number; remote: string }>(sql)
    return new Map(rows.map((row) => [Number(row.remote), row.id]))
  }
  return {
    organizations: await byRemoteId(
      'select id, watcher_remote_id as remote from organizations where watcher_remote_id is not null order by id',
    ),
    subscriptions: await byRemoteId(
      `select id, watcher_remote_id as remote from subscriptions
       where watcher_remote_id is not null and status in ('active', 'archived') order by id`,
    ),
  }
}

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
async function walkStreams(api: WatcherApi, ids: BillingIds, secrets: SecretRing, pageSize: number): Promise<Walk> {
  const seen = new Set<string>()
  const rekeys: KeyPair[] = []
  const billable = new Map<string, BillableCamera>()
  const unbilled = new Map<string, UnbilledGroup>()
  const unbilledKeys = new Map<string, string>()
  for await (const stream of api.streams({ pageSize })) {
    const keys = cameraKeysOf(stream.name, secrets)
    const cameraKey = keys.current
    if (keys.previous !== null && !seen.has(cameraKey)) rekeys.push({ previous: keys.previous, current: cameraKey })
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
      const entry = unbilled.get(group) ?? { reason: verdict.reason, watcherOrganizationId: stream.organizationId, watcherPresetId: stream.presetId, cameras: 0 }
      entry.cameras++
      unbilled.set(group, entry)
      unbilledKeys.set(cameraKey, group)
    }
  }
  const groups = [...unbilled.values()].filter((group) => group.cameras > 0)
  groups.sort((a, b) => b.cameras - a.cameras || a.reason.localeCompare(b.reason) || (a.watcherOrganizationId ?? 0) - (b.watcherOrganizationId ?? 0) || (a.watcherPresetId ?? 0) - (b.watcherPresetId ?? 0))
  return { cameras: seen.size, billable, rekeys, unbilled: unbilledKeys.size, unbilledGroups: groups }
}

/**
 * Reads the open intervals, computes the diff and writes it: one transaction, batched statements.
 * While PAYLOAD_SECRET is rotated, intervals keyed with the previous secret first take the current
 * key, so that their cameras are neither new (billed again from created_at) nor gone (closed).
 */
async function applyUsage(
  client: pg.PoolClient,
  walk: Pick<Walk, 'billable' | 'rekeys'>,
  now: Date,
  secrets: SecretRing,
): Promise<{ opened: number; closed: number; rekeyed: number }> {
  const { billable } = walk
  const keyId = cameraKeyIdOf(secrets.current)
  await client.query('begin')
  try {
    const rekeyed = walk.rekeys.length > 0 ? await rekeyCameraUsage(client, walk.rekeys, keyId) : 0
    // intervals keyed before key ids were kept (null) cannot be judged: they are matched as they are
    const known = [keyId, ...(secrets.previous ? [cameraKeyIdOf(secrets.previous)] : [])]
    const { rows: foreign } = await client.query<{ camera_key_id: string; intervals: string }>(
      `select camera_key_id, count(*) as intervals from camera_usage
       where "to" is null and camera_key_id is not null and camera_key_id <> all($1::varchar[])
       group by camera_key_id order by count(*) desc, camera_key_id`,
      [known],
    )
    if (foreign.length > 0) {
      const intervals = foreign.reduce((sum, row) => sum + Number(row.intervals), 0)
      throw new ForeignCameraKeys(intervals, foreign.map((row) => row.camera_key_id), keyId)
    }
    const { rows } = await client.query<{ id: number; camera_key: string; organization_id: number; subscription_id: number; from: Date }>(
      'select id, camera_key, organization_id, subscription_id, "from" from camera_usage where "to" is null',
    )
    const open: OpenInterval[] = rows.map((row) => ({
      id: row.id,
      cameraKey: row.camera_key,
      organization: row.organization_id,
      subscription: row.subscription_id,
      from: new Date(row.from),
    }))
    const withOpen = new Set(open.map((interval) => interval.cameraKey))
    const withoutOpen = [...billable.keys()].filter((key) => !withOpen.has(key))
    const lastEnds = new Map<string, Date>()
    for (let start = 0; start < withoutOpen.length; start += WRITE_BATCH) {
      const { rows: ends } = await client.query<{ camera_key: string; last_end: Date }>(
        `select camera_key, max("to") as last_end from camera_usage
         where camera_key = any($1::varchar[]) and "to" is not null group by camera_key`,
        [withoutOpen.slice(start, start + WRITE_BATCH)],
      )
      for (const end of ends) lastEnds.set(end.camera_key, new Date(end.last_end))
    }

    const { closes, opens } = planIntervals({ now, open, billable, lastEnds })
    // closes first: a camera has at most one open interval (a unique index says so too)
    for (let start = 0; start < closes.length; start += WRITE_BATCH) {
      const batch = closes.slice(start, start + WRITE_BATCH)
      await client.query(
        `update camera_usage as usage set "to" = closing.closed_at, updated_at = now()
         from unnest($1::int[], $2::timestamptz[]) as closing(id, closed_at) where usage.id = closing.id`,
        [batch.map((close) => close.id), batch.map((close) => close.to.toISOString())],
      )
    }
    for (let start = 0; start < opens.length; start += WRITE_BATCH) {
      const batch = opens.slice(start, start + WRITE_BATCH)
      await client.query(
        `insert into camera_usage (organization_id, subscription_id, camera_key, "from", camera_key_id)
         select *, $5::varchar from unnest($1::int[], $2::int[], $3::varchar[], $4::timestamptz[])`,
        [
          batch.map((open) => open.organization),
          batch.map((open) => open.subscription),
          batch.map((open) => open.cameraKey),
          batch.map((open) => open.from.toISOString()),
          keyId,
        ],
      )
    }
    await client.query('commit')
    return { opened: opens.length, closed: closes.length, rekeyed }
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  }
}

const count = (value: number) => value.toLocaleString('en')

function summaryOf(result: Omit<UsageCollectionResult, 'report'>): string {
  if (result.outcome === 'failed') return `Failed, camera usage unchanged: ${result.error}`
  const reasons = new Map<string, number>()
  for (const group of result.unbilledGroups) reasons.set(group.reason, (reasons.get(group.reason) ?? 0) + group.cameras)
  const unbilled = result.unbilled
    ? `${count(result.unbilled)} not billed (${[...reasons].map(([reason, cameras]) => `${reason}: ${count(cameras)}`).join(', ')})`
    : 'none unbilled'
  const took = `Watcher ${(result.walkMs / 1000).toFixed(1)} s, database ${(result.writeMs / 1000).toFixed(1)} s`
  const rekeyed = result.rekeyed ? `; ${count(result.rekeyed)} intervals re-keyed from the previous PAYLOAD_SECRET` : ''
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
export async function collectUsage(payload: Payload, options: CollectUsageOptions = {}): Promise<UsageCollectionResult> {
  return withAdvisoryLock(payload, USAGE_LOCK_KEY, (client) => collectLocked(payload, client, options), {
    waitMs: 0,
    busy: () => new UsageCollectionBusy(),
  })
}

async function collectLocked(payload: Payload, client: pg.PoolClient, options: CollectUsageOptions): Promise<UsageCollectionResult> {
  const startedAt = new Date()
  const now = options.now ?? startedAt
  let result: Omit<UsageCollectionResult, 'report'>
  let walk: Walk | undefined
  let phase: 'reading billing ids' | 'stream walk' | 'writing camera usage' = 'reading billing ids'
  let walkMs = 0
  let writeMs = 0
  try {
    const ids = await loadBillingIds(client)
    phase = 'stream walk'
    let mark = performance.now()
    const secrets = payloadSecrets(payload)
    walk = await walkStreams(options.api ?? watcherApi(), ids, secrets, options.pageSize ?? PAGE_SIZE)
    walkMs = Math.round(performance.now() - mark)
    phase = 'writing camera usage'
    mark = performance.now()
    const { opened, closed, rekeyed } = await applyUsage(client, walk, now, secrets)
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
