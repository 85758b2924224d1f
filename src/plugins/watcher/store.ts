/**
 * The plugin's SQL, one function per query, each named for what it does; every caller hands the
 * `Sql` of its unit of work (src/db). Camera usage is written here in bulk (one array parameter per
 * column) because the usage collector keeps 100,000 intervals in line in seconds (bench/); the
 * Local API would take minutes. The rest are queries the Local API cannot express: the jsonb input
 * of queued sync jobs, the stream holds of a recording stop, and the open-interval counts.
 *
 * Camera keys after PAYLOAD_SECRET changed (the `rekey*` and `label*` functions): the rows of a
 * stream still keyed with the previous secret get the key of the current one, and rows keyed with
 * the current secret but stored before key ids existed get its key id. Camera usage (every interval
 * of the camera, open and closed, so that its history stays one camera) and the stream holds alike.
 * Used by the usage collector (for the streams of each pull) and by the re-seal step (src/secrets,
 * every stream of Watcher). Idempotent: running them twice changes nothing the second time.
 */
import type { Sql } from '../../db'
import { affected, rows } from '../../db'
import { SYNC_TASK } from '../../jobs/queues'
import type { BillingIds, IntervalClose, IntervalOpenColumns, OpenInterval } from './usage/plan'

/** Rows per statement (each column is one array parameter). */
const BATCH = 20_000

async function inBatches<T>(items: T[], run: (batch: T[]) => Promise<number>): Promise<number> {
  let changed = 0
  for (let start = 0; start < items.length; start += BATCH)
    changed += await run(items.slice(start, start + BATCH))
  return changed
}

// --- usage collection ----------------------------------------------------------------------

/** Billing's organizations and subscriptions by their Watcher ids (newest document wins a tie). */
export async function billingIdsByWatcherId(sql: Sql): Promise<BillingIds> {
  const byRemoteId = async (text: string) =>
    new Map(
      (await rows<{ id: number; remote: string }>(sql, text)).map((row) => [
        Number(row.remote),
        row.id,
      ]),
    )
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

/** Open intervals whose camera key id is none of `known`, counted per key id (largest first). */
export async function countOpenIntervalsOfOtherKeys(
  sql: Sql,
  known: string[],
): Promise<{ keyId: string; intervals: number }[]> {
  const found = await rows<{ camera_key_id: string; intervals: string }>(
    sql,
    `select camera_key_id, count(*) as intervals from camera_usage
     where "to" is null and camera_key_id is not null and camera_key_id <> all($1::varchar[])
     group by camera_key_id order by count(*) desc, camera_key_id`,
    [known],
  )
  return found.map((row) => ({ keyId: row.camera_key_id, intervals: Number(row.intervals) }))
}

/** How many intervals are open: about the cameras the next walk meets (its columns are sized to it). */
export async function openIntervalTotal(sql: Sql): Promise<number> {
  const found = await rows<{ intervals: string }>(
    sql,
    `select count(*) as intervals from camera_usage where "to" is null`,
  )
  return Number(found[0]!.intervals)
}

/**
 * The open intervals in camera-key order, `pageSize` at a time, through a cursor of the caller's
 * transaction (its snapshot: the writes of this transaction made meanwhile are not seen). Byte
 * order (COLLATE "C", whatever the database's collation), as JavaScript compares the hex keys.
 */
export async function* openIntervalsInKeyOrder(
  sql: Sql,
  pageSize: number,
): AsyncGenerator<OpenInterval[]> {
  // the rows come in OpenInterval's shape: nothing copied per interval, and no Date made per row
  await sql.query(
    `declare open_intervals_by_key no scroll cursor for
       select id, camera_key as "cameraKey", organization_id as organization,
              subscription_id as subscription,
              (extract(epoch from "from") * 1000)::float8 as "fromMs"
         from camera_usage
        where "to" is null order by camera_key collate "C"`,
  )
  for (;;) {
    const found = await rows<OpenInterval>(
      sql,
      `fetch forward ${Number(pageSize)} from open_intervals_by_key`,
    )
    if (found.length === 0) break
    yield found
  }
  await sql.query('close open_intervals_by_key')
}

/**
 * When the last closed interval of each of these cameras ended (cameras without one are absent).
 * One look-up per camera in `camera_usage_closed_by_camera`, whatever the planner believes: inside
 * a first pull's transaction the table grows by a million rows it has no statistics of, and a
 * plain `camera_key = any(...)` was planned as a scan of all of them for every batch.
 */
export async function lastIntervalEnds(sql: Sql, cameraKeys: string[]): Promise<Map<string, Date>> {
  const ends = new Map<string, Date>()
  await inBatches(cameraKeys, async (batch) => {
    const found = await rows<{ camera_key: string; last_end: Date }>(
      sql,
      `select camera.key as camera_key, closed.last_end
         from unnest($1::varchar[]) as camera(key)
         cross join lateral (
           select "to" as last_end from camera_usage
            where camera_key = camera.key and "to" is not null
            order by "to" desc limit 1) as closed`,
      [batch],
    )
    for (const end of found) ends.set(end.camera_key, new Date(end.last_end))
    return found.length
  })
  return ends
}

export function closeIntervals(sql: Sql, closes: IntervalClose[]): Promise<number> {
  return inBatches(closes, (batch) =>
    affected(
      sql,
      `update camera_usage as usage set "to" = closing.closed_at, updated_at = now()
       from unnest($1::int[], $2::timestamptz[]) as closing(id, closed_at) where usage.id = closing.id`,
      [batch.map((close) => close.id), batch.map((close) => close.to.toISOString())],
    ),
  )
}

/**
 * New open intervals (columns: no object per camera), keyed with the camera keys of the secret
 * whose key id is `keyId`; `from` goes as epoch milliseconds, exact to the millisecond.
 */
export async function insertIntervals(
  sql: Sql,
  opens: IntervalOpenColumns,
  keyId: string,
): Promise<number> {
  let inserted = 0
  for (let start = 0; start < opens.cameraKeys.length; start += BATCH) {
    const end = start + BATCH
    inserted += await affected(
      sql,
      `insert into camera_usage (organization_id, subscription_id, camera_key, "from", camera_key_id)
       select o, s, k, timestamptz 'epoch' + f * interval '1 millisecond', $5::varchar
         from unnest($1::int[], $2::int[], $3::varchar[], $4::bigint[]) as opening(o, s, k, f)`,
      [
        opens.organizations.slice(start, end),
        opens.subscriptions.slice(start, end),
        opens.cameraKeys.slice(start, end),
        opens.fromMs.slice(start, end),
        keyId,
      ],
    )
  }
  return inserted
}

export interface CameraCount {
  organization: { id: number; title: string }
  subscription: { id: number; title: string }
  cameras: number
}

/** Cameras counted right now (open intervals) per organization and subscription; `organizations` null: all. */
export async function countOpenIntervals(
  sql: Sql,
  organizations: number[] | null,
): Promise<CameraCount[]> {
  const found = await rows<{
    organization: number
    organization_title: string
    subscription: number
    subscription_title: string
    cameras: string
  }>(
    sql,
    `select u.organization_id as organization, o.title as organization_title, u.subscription_id as subscription,
            s.title as subscription_title, count(*) as cameras
       from camera_usage u join organizations o on o.id = u.organization_id join subscriptions s on s.id = u.subscription_id
      where u."to" is null and ($1::int[] is null or u.organization_id = any($1::int[]))
      group by 1, 2, 3, 4 order by 2, 4`,
    [organizations],
  )
  return found.map((row) => ({
    organization: { id: Number(row.organization), title: row.organization_title },
    subscription: { id: Number(row.subscription), title: row.subscription_title },
    cameras: Number(row.cameras),
  }))
}

// --- stream holds of a recording stop ----------------------------------------------------

export async function heldCameraKeys(sql: Sql, organizationId: number): Promise<Set<string>> {
  const found = await rows<{ camera_key: string }>(
    sql,
    'select camera_key from dunning_stream_holds where organization_id = $1',
    [organizationId],
  )
  return new Set(found.map((row) => row.camera_key))
}

export async function insertStreamHold(
  sql: Sql,
  organizationId: number,
  cameraKey: string,
  keyId: string,
): Promise<void> {
  await sql.query(
    `insert into dunning_stream_holds (organization_id, camera_key, camera_key_id, updated_at, created_at)
     values ($1, $2, $3, now(), now()) on conflict do nothing`,
    [organizationId, cameraKey, keyId],
  )
}

export async function deleteStreamHolds(
  sql: Sql,
  organizationId: number,
  cameraKeys: string[],
): Promise<void> {
  if (cameraKeys.length === 0) return
  await sql.query(
    'delete from dunning_stream_holds where organization_id = $1 and camera_key = any($2::text[])',
    [organizationId, cameraKeys],
  )
}

// --- passwords in queued sync jobs -------------------------------------------------------

/** The newest sealed password still queued for a user, with its job. */
export async function newestQueuedSealedPassword(
  sql: Sql,
  userId: number,
): Promise<{ jobId: number; sealed: string } | null> {
  const [row] = await rows<{ id: number; sealed: string }>(
    sql,
    `select id, input->>'password' as sealed from payload_jobs
      where task_slug = $1 and completed_at is null and input->>'collection' = 'users'
        and input->>'id' = $2 and coalesce(input->>'password', '') <> ''
      order by id desc limit 1`,
    [SYNC_TASK, String(userId)],
  )
  return row ? { jobId: Number(row.id), sealed: row.sealed } : null
}

/** Clears the sealed password from the user's sync jobs up to `uptoJobId` (all when omitted). */
export async function clearQueuedPasswords(
  sql: Sql,
  userId: number,
  uptoJobId?: number,
): Promise<void> {
  await sql.query(
    `update payload_jobs set input = input - 'password'
      where task_slug = $1 and input->>'collection' = 'users' and input->>'id' = $2
        and input ? 'password' and ($3::int is null or id <= $3::int)`,
    [SYNC_TASK, String(userId), uptoJobId ?? null],
  )
}

export async function clearJobPassword(sql: Sql, jobId: number): Promise<void> {
  await sql.query(
    `update payload_jobs set input = input - 'password' where id = $1 and input ? 'password'`,
    [jobId],
  )
}

// --- camera keys after PAYLOAD_SECRET changed ------------------------------------------------

export interface KeyPair {
  previous: string
  current: string
}

const previousOf = (pairs: KeyPair[]) => pairs.map((pair) => pair.previous)
const currentOf = (pairs: KeyPair[]) => pairs.map((pair) => pair.current)

/**
 * Intervals keyed with a stream's previous key take its current key. An open interval whose
 * camera already has an open one under the current key keeps the old key (one open interval per
 * camera): no longer matching a stream, it is closed by the next pull. Answers the rows re-keyed.
 */
export function rekeyCameraUsage(sql: Sql, pairs: KeyPair[], keyId: string): Promise<number> {
  return inBatches(pairs, (batch) =>
    affected(
      sql,
      `update camera_usage as usage set camera_key = rekey.current, camera_key_id = $3, updated_at = now()
       from unnest($1::varchar[], $2::varchar[]) as rekey(previous, current)
       where usage.camera_key = rekey.previous
         and not (usage."to" is null and exists (
           select 1 from camera_usage as open where open.camera_key = rekey.current and open."to" is null))`,
      [previousOf(batch), currentOf(batch), keyId],
    ),
  )
}

/**
 * Rows keyed with these (current) keys but without the current key id get it, by `update` (the
 * keys are $1, the id $2). Answers the rows labelled.
 */
const labelKeys =
  (update: string) =>
  (sql: Sql, keys: string[], keyId: string): Promise<number> =>
    inBatches(keys, (batch) => affected(sql, update, [batch, keyId]))

/** Intervals keyed with these (current) keys but without the current key id get it. */
export const labelCameraUsage = labelKeys(
  `update camera_usage set camera_key_id = $2, updated_at = now()
       where camera_key = any($1::varchar[]) and camera_key_id is distinct from $2`,
)

/**
 * Holds keyed with a stream's previous key take its current key; where the organization already
 * holds the stream under its current key, the old hold goes. Answers the holds changed.
 */
export function rekeyStreamHolds(sql: Sql, pairs: KeyPair[], keyId: string): Promise<number> {
  return inBatches(pairs, async (batch) => {
    const params = [previousOf(batch), currentOf(batch)]
    const dropped = await affected(
      sql,
      `delete from dunning_stream_holds as hold
       using unnest($1::varchar[], $2::varchar[]) as rekey(previous, current)
       where hold.camera_key = rekey.previous and exists (
         select 1 from dunning_stream_holds as other
         where other.organization_id = hold.organization_id and other.camera_key = rekey.current)`,
      params,
    )
    const rekeyed = await affected(
      sql,
      `update dunning_stream_holds as hold set camera_key = rekey.current, camera_key_id = $3, updated_at = now()
       from unnest($1::varchar[], $2::varchar[]) as rekey(previous, current)
       where hold.camera_key = rekey.previous`,
      [...params, keyId],
    )
    return dropped + rekeyed
  })
}

/** Holds keyed with these (current) keys but without the current key id get it. */
export const labelStreamHolds = labelKeys(
  `update dunning_stream_holds set camera_key_id = $2, updated_at = now()
       where camera_key = any($1::text[]) and camera_key_id is distinct from $2`,
)

/**
 * The members of an organization whose state in Watcher follows it: subscribers, and staff that
 * billing mirrored (they have a Watcher id). By id.
 */
export async function mirroredMembersOf(
  sql: Sql,
  organizationId: number,
): Promise<{ id: number; login: string }[]> {
  return (await mirroredMembersOfEach(sql, [organizationId])).get(organizationId) ?? []
}

/** mirroredMembersOf for many organizations in one query: by organization id, members by id. */
export async function mirroredMembersOfEach(
  sql: Sql,
  organizationIds: number[],
): Promise<Map<number, { id: number; login: string }[]>> {
  const members = new Map<number, { id: number; login: string }[]>()
  if (organizationIds.length === 0) return members
  const found = await rows<{ organization_id: number; id: number; login: string }>(
    sql,
    `select distinct m.organization_id, u.id, u.login from users u join users_memberships m on m._parent_id = u.id
      where m.organization_id = any($1::int[]) and (u.role = 'subscriber' or u.watcher_remote_id is not null)
      order by m.organization_id, u.id`,
    [organizationIds],
  )
  for (const row of found) {
    const organization = Number(row.organization_id)
    const member = { id: Number(row.id), login: row.login }
    const list = members.get(organization)
    if (list) list.push(member)
    else members.set(organization, [member])
  }
  return members
}
