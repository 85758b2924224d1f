import type { TaskConfig } from 'payload'
import { SYNC_TASK } from '../../../jobs/queues'
import { exponentialRetries } from '../../../jobs/exponentialRetries'
import { RequestRecorder, recordRequests } from '../api'
import { isWatcherError } from '../client'
import { syncedCollections } from '../collections/SyncEvents'
import type { ResolvedWatcherOptions } from '../options'
import { PermanentSyncError, type SyncContext } from './context'
import { syncLocks } from './keyedMutex'
import { recordSyncEvent } from './events'
import { syncOrganization, removeOrganization } from './organizations'
import { clearJobPassword, clearQueuedPasswords } from './passwords'
import type { SyncResult } from './result'
import type { SyncJobInput } from './enqueue'
import { readUpdatedAt, writeSyncState } from './state'
import { retirePreset, syncSubscription } from './subscriptions'
import { removeUser, syncUser } from './users'

/**
 * Jobs of one document run one after another, oldest first (they start in queue order), each on
 * the document as it is when its turn comes: the latest state wins, and no older state can land
 * after a newer one.
 */
export function deliver(ctx: SyncContext, input: SyncJobInput): Promise<SyncResult> {
  return syncLocks.run(`deliver:${input.collection}:${input.id}`, () => deliverNow(ctx, input))
}

async function alreadySynced(ctx: SyncContext, input: SyncJobInput): Promise<SyncResult | null> {
  if (input.action !== 'upsert' || input.force) return null
  const doc = await ctx.payload.db.findOne<{
    id: number
    watcher?: { status?: string | null; remoteId?: number | null } | null
  }>({
    collection: input.collection,
    where: { id: { equals: input.id } },
    select: { watcher: true },
    req: {},
  })
  if (doc?.watcher?.status !== 'synced') return null
  return {
    watcherId: doc.watcher.remoteId ?? null,
    label: input.label ?? `#${input.id}`,
    differences: [],
    skipped: 'already synced',
  }
}

async function deliverNow(ctx: SyncContext, input: SyncJobInput): Promise<SyncResult> {
  const { collection, id, action } = input
  const synced = await alreadySynced(ctx, input)
  if (synced) return synced
  if (action === 'upsert') {
    if (collection === 'subscriptions') return syncSubscription(ctx, id)
    if (collection === 'organizations') return syncOrganization(ctx, id)
    return syncUser(ctx, id)
  }
  const watcherId = input.watcherId ?? null
  const result: SyncResult = { watcherId, label: input.label ?? `#${id}`, differences: [] }
  if (collection === 'subscriptions') {
    if (watcherId) await retirePreset(ctx, watcherId)
  } else if (collection === 'organizations') {
    if (watcherId) await removeOrganization(ctx, watcherId)
  } else {
    // by login only a user billing itself created (never one that only shares the login)
    await removeUser(
      ctx,
      watcherId,
      input.unconfirmedCreate ? (input.label ?? undefined) : undefined,
    )
    await clearQueuedPasswords(ctx.payload, id)
  }
  return result
}

function describe(error: unknown): string {
  if (isWatcherError(error)) {
    const status = error.status === null ? error.code : `HTTP ${error.status}`
    return `${error.method} ${error.path}: ${status}: ${error.message}`
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * The one sync task: brings one document's Watcher copy in line with billing's current state.
 * Retries are Payload's (exponential backoff); the last attempt, or an error that retrying will
 * not fix, ends the job and marks the document failed. Every attempt leaves a sync event.
 */
export function syncTask(options: ResolvedWatcherOptions): TaskConfig<'watcher-sync'> {
  return {
    slug: SYNC_TASK,
    label: 'Watcher sync',
    // Payload counts retries after the first try; one spare so that our last attempt decides.
    retries: exponentialRetries(options.attempts, options.delayMs),
    inputSchema: [
      { name: 'collection', type: 'select', options: [...syncedCollections], required: true },
      { name: 'id', type: 'number', required: true },
      { name: 'action', type: 'select', options: ['upsert', 'delete', 'retire'], required: true },
      { name: 'watcherId', type: 'number' },
      { name: 'label', type: 'text' },
      { name: 'password', type: 'text' },
      { name: 'cause', type: 'text' },
      { name: 'force', type: 'checkbox' },
      { name: 'unconfirmedCreate', type: 'checkbox' },
    ],
    outputSchema: [
      { name: 'outcome', type: 'text' },
      { name: 'watcherId', type: 'number' },
    ],
    handler: async ({ input, job, req }) => {
      // The sealed password stays in the job's row only: Payload copies `input` into the job log.
      delete input.password
      const payload = req.payload
      const attempt = Number(job.totalTried ?? 0) + 1
      const last = attempt >= options.attempts
      const recorder = new RequestRecorder()
      const started = Date.now()
      const startedAt =
        input.action === 'upsert' ? await readUpdatedAt(payload, input.collection, input.id) : null
      const event = (
        outcome: 'delivered' | 'retrying' | 'failed',
        extra: { watcherId?: number | null; label?: string; error?: string; changes?: string[] },
      ) =>
        recordSyncEvent(payload, {
          collection: input.collection,
          documentId: input.id,
          label: extra.label ?? input.label ?? null,
          watcherId: extra.watcherId ?? input.watcherId ?? null,
          action: input.action,
          outcome,
          attempt,
          httpStatus: outcome === 'delivered' ? recorder.lastStatus : recorder.failedStatus,
          durationMs: Date.now() - started,
          requests: recorder.count,
          error: extra.error ?? null,
          changes: extra.changes?.length ? extra.changes.join('; ') : null,
          cause: input.cause ?? null,
        })
      try {
        const result = await recordRequests(recorder, () =>
          deliver({ payload, api: options.api() }, input),
        )
        if (result.skipped === 'already synced')
          return { output: { outcome: result.skipped, watcherId: result.watcherId } }
        await event('delivered', {
          watcherId: result.watcherId,
          label: result.label,
          changes: result.differences,
        })
        if (input.action === 'upsert' && !result.skipped) {
          // A change made while this job ran has its own job queued: the document stays pending.
          const unchanged = (await readUpdatedAt(payload, input.collection, input.id)) === startedAt
          await writeSyncState(payload, input.collection, input.id, {
            id: result.watcherId,
            ...(unchanged ? { status: 'synced', error: null } : {}),
            syncedAt: new Date().toISOString(),
          })
        } else if (result.skipped === 'staff') {
          await writeSyncState(payload, input.collection, input.id, { status: null, error: null })
        }
        return { output: { outcome: result.skipped ?? 'delivered', watcherId: result.watcherId } }
      } catch (error) {
        const message = describe(error)
        const permanent =
          error instanceof PermanentSyncError || (isWatcherError(error) && !error.retryable)
        if (!permanent && !last) {
          await event('retrying', { error: message })
          payload.logger.warn(
            `watcher sync: ${input.collection} ${input.id} attempt ${attempt} failed, will retry: ${message}`,
          )
          if (input.action === 'upsert')
            await writeSyncState(payload, input.collection, input.id, {
              error: `attempt ${attempt}: ${message}`,
            })
          throw error
        }
        await event('failed', { error: message })
        await clearJobPassword(payload, job.id as number) // abandoned: its password goes with it
        if (input.action === 'upsert') {
          await writeSyncState(payload, input.collection, input.id, {
            status: 'failed',
            error: `${message}${input.collection === 'users' ? ' (set the password again after fixing, so Watcher gets it)' : ''}`,
          })
        }
        payload.logger.error(
          `watcher sync: ${input.collection} ${input.id} failed after ${attempt} attempt(s): ${message}`,
        )
        return { output: { outcome: 'failed', watcherId: input.watcherId ?? null } }
      }
    },
  }
}
