import type { Payload } from 'payload'
import { SYNC_TASK } from '../../../jobs/queues'
import { payloadSecrets } from '../../../config/serverSecret'
import { openPassword } from '../secrets'
import { poolOf } from '../../../db/pool'

/**
 * A user's password reaches Watcher only inside sync jobs' input, sealed (see ../secrets.ts).
 * The password to deliver is the newest one still queued for that user, whichever job delivers
 * it; once delivered, it is cleared from that job and every older job of the user, so a stale
 * password can never overwrite a newer one and none lingers in the database.
 */
const pool = poolOf

export interface QueuedPassword {
  jobId: number
  plain: string
}

export async function newestQueuedPassword(payload: Payload, userId: number): Promise<QueuedPassword | null> {
  const { rows } = await pool(payload).query<{ id: number; sealed: string }>(
    `select id, input->>'password' as sealed from payload_jobs
      where task_slug = $1 and completed_at is null and input->>'collection' = 'users'
        and input->>'id' = $2 and coalesce(input->>'password', '') <> ''
      order by id desc limit 1`,
    [SYNC_TASK, String(userId)],
  )
  const row = rows[0]
  if (!row) return null
  // sealed with the current secret, or (while PAYLOAD_SECRET is rotated) with the previous one
  const plain = openPassword(row.sealed, payloadSecrets(payload))
  return plain === null ? null : { jobId: Number(row.id), plain }
}

/** Clears the sealed password from the user's jobs up to `uptoJobId` (all when omitted). */
export async function clearQueuedPasswords(payload: Payload, userId: number, uptoJobId?: number): Promise<void> {
  await pool(payload).query(
    `update payload_jobs set input = input - 'password'
      where task_slug = $1 and input->>'collection' = 'users' and input->>'id' = $2
        and input ? 'password' and ($3::int is null or id <= $3::int)`,
    [SYNC_TASK, String(userId), uptoJobId ?? null],
  )
}

/** Clears the sealed password of one job. */
export async function clearJobPassword(payload: Payload, jobId: number): Promise<void> {
  await pool(payload).query(`update payload_jobs set input = input - 'password' where id = $1 and input ? 'password'`, [jobId])
}
