/**
 * The SQL of the re-seal step: where sealed values and Payload's API keys live, read in id order
 * one batch at a time, and written back only when unchanged since they were read (a value set
 * meanwhile is sealed with the current secret already).
 */
import type { Sql } from '../db'

export interface SealedRow {
  id: number
  sealed: string
}

/** A place that holds sealed values, one per row. */
export interface SealedColumn {
  what: string
  next(sql: Sql, afterId: number, limit: number): Promise<SealedRow[]>
  /** Replaces `before` by `after`; false when the row no longer holds `before`. */
  replace(sql: Sql, id: number, before: string, after: string): Promise<boolean>
}

const rowsOf = (rows: { id: number | string; sealed: string }[]): SealedRow[] =>
  rows.map((row) => ({ id: Number(row.id), sealed: row.sealed }))

/** Webhook endpoints' signing secrets (src/notifications/secretBox.ts). */
export const webhookEndpointSecrets: SealedColumn = {
  what: 'webhook endpoint secrets',
  async next(sql, afterId, limit) {
    const { rows } = await sql.query(
      `select id, secret_sealed as sealed from webhook_endpoints
       where coalesce(secret_sealed, '') <> '' and id > $1 order by id limit $2`,
      [afterId, limit],
    )
    return rowsOf(rows)
  },
  async replace(sql, id, before, after) {
    const { rowCount } = await sql.query(
      'update webhook_endpoints set secret_sealed = $2, updated_at = now() where id = $1 and secret_sealed = $3',
      [id, after, before],
    )
    return rowCount === 1
  },
}

/** Passwords on their way to Watcher, in the input of queued sync jobs (src/plugins/watcher/sync/passwords.ts). */
export const queuedJobPasswords: SealedColumn = {
  what: 'queued job passwords',
  async next(sql, afterId, limit) {
    const { rows } = await sql.query(
      `select id, input->>'password' as sealed from payload_jobs
       where coalesce(input->>'password', '') <> '' and id > $1 order by id limit $2`,
      [afterId, limit],
    )
    return rowsOf(rows)
  },
  async replace(sql, id, before, after) {
    const { rowCount } = await sql.query(
      `update payload_jobs set input = jsonb_set(input, '{password}', to_jsonb($2::text))
       where id = $1 and input->>'password' = $3`,
      [id, after, before],
    )
    return rowCount === 1
  },
}

export interface ApiKeyRow {
  id: number
  /** Payload's encryption of the key (aes-256-ctr under payload.secret). */
  encrypted: string | null
  /** HMAC of the key under payload.secret: how Payload finds the user of a key. */
  index: string
}

export async function nextApiKeys(sql: Sql, afterId: number, limit: number): Promise<ApiKeyRow[]> {
  const { rows } = await sql.query<{ id: number; api_key: string | null; api_key_index: string }>(
    `select id, api_key, api_key_index from users where coalesce(api_key_index, '') <> '' and id > $1 order by id limit $2`,
    [afterId, limit],
  )
  return rows.map((row) => ({
    id: Number(row.id),
    encrypted: row.api_key,
    index: row.api_key_index,
  }))
}

export async function replaceApiKey(
  sql: Sql,
  row: ApiKeyRow,
  encrypted: string,
  index: string,
): Promise<boolean> {
  const { rowCount } = await sql.query(
    'update users set api_key = $2, api_key_index = $3 where id = $1 and api_key_index = $4',
    [row.id, encrypted, index, row.index],
  )
  return rowCount === 1
}

/** Camera keys not (yet) labelled with the current key id: cameras no longer in Watcher, once the walk is done. */
export async function cameraKeysLeft(
  sql: Sql,
  keyId: string,
): Promise<{ intervals: number; openIntervals: number; holds: number }> {
  const { rows } = await sql.query<{ intervals: string; open_intervals: string; holds: string }>(
    `select (select count(*) from camera_usage where camera_key_id is distinct from $1) as intervals,
            (select count(*) from camera_usage where camera_key_id is distinct from $1 and "to" is null) as open_intervals,
            (select count(*) from dunning_stream_holds where camera_key_id is distinct from $1) as holds`,
    [keyId],
  )
  return {
    intervals: Number(rows[0]?.intervals ?? 0),
    openIntervals: Number(rows[0]?.open_intervals ?? 0),
    holds: Number(rows[0]?.holds ?? 0),
  }
}

/** What `rekey*`/`label*` of src/plugins/watcher/store.ts would change (a dry run). */
export async function cameraKeysToChange(
  sql: Sql,
  previous: string[],
  current: string[],
  keyId: string,
): Promise<{
  intervalsRekeyed: number
  intervalsLabelled: number
  holdsRekeyed: number
  holdsLabelled: number
}> {
  const { rows } = await sql.query<Record<string, string>>(
    `select (select count(*) from camera_usage where camera_key = any($1::varchar[])) as intervals_rekeyed,
            (select count(*) from camera_usage where camera_key = any($2::varchar[]) and camera_key_id is distinct from $3) as intervals_labelled,
            (select count(*) from dunning_stream_holds where camera_key = any($1::varchar[])) as holds_rekeyed,
            (select count(*) from dunning_stream_holds where camera_key = any($2::varchar[]) and camera_key_id is distinct from $3) as holds_labelled`,
    [previous, current, keyId],
  )
  const row = rows[0] ?? {}
  return {
    intervalsRekeyed: Number(row.intervals_rekeyed ?? 0),
    intervalsLabelled: Number(row.intervals_labelled ?? 0),
    holdsRekeyed: Number(row.holds_rekeyed ?? 0),
    holdsLabelled: Number(row.holds_labelled ?? 0),
  }
}
