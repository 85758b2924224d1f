import type { Payload } from 'payload'
import { payloadSecrets } from '../../../config/serverSecret'
import { poolOf } from '../../../db'
import { openPassword } from '../secrets'
import * as store from '../store'

/**
 * A user's password reaches Watcher only inside sync jobs' input, sealed (see ../secrets.ts).
 * The password to deliver is the newest one still queued for that user, whichever job delivers
 * it; once delivered, it is cleared from that job and every older job of the user, so a stale
 * password can never overwrite a newer one and none lingers in the database.
 */
export interface QueuedPassword {
  jobId: number
  plain: string
}

export async function newestQueuedPassword(
  payload: Payload,
  userId: number,
): Promise<QueuedPassword | null> {
  const row = await store.newestQueuedSealedPassword(poolOf(payload), userId)
  if (!row) return null
  // sealed with the current secret, or (while PAYLOAD_SECRET is rotated) with the previous one
  const plain = openPassword(row.sealed, payloadSecrets(payload))
  return plain === null ? null : { jobId: row.jobId, plain }
}

/** Clears the sealed password from the user's jobs up to `uptoJobId` (all when omitted). */
export const clearQueuedPasswords = (
  payload: Payload,
  userId: number,
  uptoJobId?: number,
): Promise<void> => store.clearQueuedPasswords(poolOf(payload), userId, uptoJobId)

/** Clears the sealed password of one job. */
export const clearJobPassword = (payload: Payload, jobId: number): Promise<void> =>
  store.clearJobPassword(poolOf(payload), jobId)
