import type { PayloadRequest } from 'payload'
import { withTransaction } from '../../../db'
import { SYNC_TASK, WATCHER_QUEUE } from '../../../jobs/queues'
import { queueJobs } from '../../../jobs/store'
import type { TaskWatcherSync } from '../../../payload-types'

/**
 * A sync job's input: which document, what happened to it, who caused it. Never a plain secret.
 * - `watcherId`: for deletes, the Watcher id the document had.
 * - `label`: title or login, for the log and for deletes of objects never stored.
 * - `unconfirmedCreate`: user deletes; billing sent a create whose answer never came, so a user
 *   with this login is its own.
 * - `password`: users only, the password set by this change, sealed (see ../secrets.ts).
 * - `force`: push even when the document is already synced: a repair (reconcile), Retry sync, or a
 *   change elsewhere (a service of the subscription). Without it, a job whose document is already
 *   synced (a later job delivered the same state) has nothing to do.
 */
export type SyncJobInput = TaskWatcherSync['input']

/** Who caused a change, for the sync events: the user's email and role, or the system. */
export function causeOf(req: PayloadRequest): string {
  const user = req.user as { email?: string; role?: string } | null | undefined
  return user?.email ? `${user.email} (${user.role ?? 'user'})` : 'system'
}

/**
 * Queues the sync of one document in `req`'s transaction: the change and its job commit together,
 * or neither. The row `jobs.queue` would write, in one statement (dunning queues hundreds at once).
 */
export async function enqueueSync(req: PayloadRequest, input: SyncJobInput): Promise<void> {
  await withTransaction(req, ({ sql }) => queueJobs(sql, SYNC_TASK, WATCHER_QUEUE, [input]))
}
