/**
 * Camera keys after PAYLOAD_SECRET changed: the rows of a stream still keyed with the previous
 * secret get the key of the current one, and rows keyed with the current secret but stored before
 * key ids existed get its key id. Camera usage (every interval of the camera, open and closed, so
 * that its history stays one camera) and dunning's stream holds alike. Used by the usage collector
 * (for the streams of each pull) and by the re-seal step (src/secrets, every stream of Watcher).
 * Idempotent: running it twice changes nothing the second time.
 */
import type pg from 'pg'

type Sql = Pick<pg.PoolClient, 'query'>

export interface KeyPair {
  previous: string
  current: string
}

/** Rows per statement (each column is one array parameter). */
const BATCH = 20_000

async function inBatches<T>(items: T[], run: (batch: T[]) => Promise<number>): Promise<number> {
  let changed = 0
  for (let start = 0; start < items.length; start += BATCH) changed += await run(items.slice(start, start + BATCH))
  return changed
}

const previousOf = (pairs: KeyPair[]) => pairs.map((pair) => pair.previous)
const currentOf = (pairs: KeyPair[]) => pairs.map((pair) => pair.current)

/**
 * Intervals keyed with a stream's previous key take its current key. An open interval whose
 * camera already has an open one under the current key keeps the old key (one open interval per
 * camera): no longer matching a stream, it is closed by the next pull. Answers the rows re-keyed.
 */
export function rekeyCameraUsage(sql: Sql, pairs: KeyPair[], keyId: string): Promise<number> {
  return inBatches(pairs, async (batch) => {
    const { rowCount } = await sql.query(
      `update camera_usage as usage set camera_key = rekey.current, camera_key_id = $3, updated_at = now()
       from unnest($1::varchar[], $2::varchar[]) as rekey(previous, current)
       where usage.camera_key = rekey.previous
         and not (usage."to" is null and exists (
           select 1 from camera_usage as open where open.camera_key = rekey.current and open."to" is null))`,
      [previousOf(batch), currentOf(batch), keyId],
    )
    return rowCount ?? 0
  })
}

/** Intervals keyed with these (current) keys but without the current key id get it. */
export function labelCameraUsage(sql: Sql, keys: string[], keyId: string): Promise<number> {
  return inBatches(keys, async (batch) => {
    const { rowCount } = await sql.query(
      `update camera_usage set camera_key_id = $2, updated_at = now()
       where camera_key = any($1::varchar[]) and camera_key_id is distinct from $2`,
      [batch, keyId],
    )
    return rowCount ?? 0
  })
}

/**
 * Holds keyed with a stream's previous key take its current key; where the organization already
 * holds the stream under its current key, the old hold goes. Answers the holds changed.
 */
export function rekeyStreamHolds(sql: Sql, pairs: KeyPair[], keyId: string): Promise<number> {
  return inBatches(pairs, async (batch) => {
    const params = [previousOf(batch), currentOf(batch)]
    const { rowCount: dropped } = await sql.query(
      `delete from dunning_stream_holds as hold
       using unnest($1::varchar[], $2::varchar[]) as rekey(previous, current)
       where hold.camera_key = rekey.previous and exists (
         select 1 from dunning_stream_holds as other
         where other.organization_id = hold.organization_id and other.camera_key = rekey.current)`,
      params,
    )
    const { rowCount: rekeyed } = await sql.query(
      `update dunning_stream_holds as hold set camera_key = rekey.current, camera_key_id = $3, updated_at = now()
       from unnest($1::varchar[], $2::varchar[]) as rekey(previous, current)
       where hold.camera_key = rekey.previous`,
      [...params, keyId],
    )
    return (dropped ?? 0) + (rekeyed ?? 0)
  })
}

/** Holds keyed with these (current) keys but without the current key id get it. */
export function labelStreamHolds(sql: Sql, keys: string[], keyId: string): Promise<number> {
  return inBatches(keys, async (batch) => {
    const { rowCount } = await sql.query(
      `update dunning_stream_holds set camera_key_id = $2, updated_at = now()
       where camera_key = any($1::text[]) and camera_key_id is distinct from $2`,
      [batch, keyId],
    )
    return rowCount ?? 0
  })
}
