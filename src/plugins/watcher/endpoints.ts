import { z } from 'zod'
import type { Endpoint, Payload, PayloadRequest } from 'payload'
import { findCurrency } from '../../billing/currency'
import { withTransaction } from '../../db'
import { Busy, NotFound, WatcherFailed } from '../../endpoints/errors'
import { operation } from '../../endpoints/operation'
import { SYNC_TASK, WATCHER_QUEUE } from '../../jobs/queues'
import { runDueJobs } from '../../jobs/runDueJobs'
import { RunLockTimeout } from '../../jobs/runLock'
import { isWatcherError } from './client'
import { redactSyncError } from './client/redact'
import { syncedCollections, type SyncedCollection } from './collections/SyncEvents'
import { importPresets } from './importPresets'
import type { ResolvedWatcherOptions } from './options'
import { reconcile } from './reconcile/reconcile'
import { causeOf, enqueueSync } from './sync/enqueue'
import { writeSyncState } from './sync/state'

/** A job runner busy past the lock wait: a run is already in progress (409, try again). */
async function runningJobs<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (caught) {
    if (caught instanceof RunLockTimeout) throw new Busy(caught.message)
    throw caught
  }
}

/** Watcher's own failure (HTTP error, timeout, malformed answer) as the 502 of the status table. */
async function callingWatcher<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (caught) {
    if (isWatcherError(caught)) throw new WatcherFailed(`Watcher failed: ${caught.message}`)
    throw caught
  }
}

export interface RetryingDocument {
  collection: SyncedCollection
  id: number
  /** The last error of its attempt in this run, without addresses, stream names or credentials. */
  error: string
}

/** Documents whose attempt since `since` failed and will be retried (their last error each), oldest first. */
async function retryingSince(payload: Payload, since: string): Promise<RetryingDocument[]> {
  const { docs } = await payload.find({
    collection: 'sync-events',
    where: {
      and: [{ outcome: { equals: 'retrying' } }, { createdAt: { greater_than_equal: since } }],
    },
    sort: 'createdAt',
    pagination: false,
    limit: 0,
    depth: 0,
    overrideAccess: true,
    select: { collection: true, documentId: true, error: true },
  })
  const byDocument = new Map<string, RetryingDocument>()
  for (const event of docs) {
    const key = `${event.collection}:${event.documentId}`
    byDocument.delete(key) // re-inserted: the order is that of each document's last attempt
    byDocument.set(key, {
      collection: event.collection,
      id: Number(event.documentId),
      error: redactSyncError(event.error ?? 'failed'),
    })
  }
  return [...byDocument.values()]
}

/**
 * Runs every pending sync job now, including those waiting out a retry delay. Answers what
 * happened in this run: `delivered` and `failed` attempts, `pending` jobs left, and `retrying`,
 * the documents whose attempt failed and will be retried, each with its redacted error. Watcher
 * being down is not this operation's failure: its jobs retry, and the answer says so (200).
 */
async function syncNow(req: PayloadRequest) {
  const { payload } = req
  const since = new Date().toISOString()
  await runningJobs(() => runDueJobs(payload, { queue: WATCHER_QUEUE, includeWaiting: true }))
  const outcomes = async (outcome: 'delivered' | 'failed') =>
    (
      await payload.count({
        collection: 'sync-events',
        where: {
          and: [{ outcome: { equals: outcome } }, { createdAt: { greater_than_equal: since } }],
        },
        overrideAccess: true,
      })
    ).totalDocs
  const pending = (
    await payload.count({
      collection: 'payload-jobs',
      where: {
        and: [
          { taskSlug: { equals: SYNC_TASK } },
          { completedAt: { exists: false } },
          { hasError: { not_equals: true } },
        ],
      },
      overrideAccess: true,
    })
  ).totalDocs
  return {
    delivered: await outcomes('delivered'),
    failed: await outcomes('failed'),
    pending,
    retrying: await retryingSince(payload, since),
  }
}

const retryBody = z.object({
  collection: z.enum(syncedCollections),
  id: z.coerce.number().int().positive(),
})

const importBody = z.object({
  dryRun: z.boolean().optional().default(false),
  currency: z
    .string()
    .refine(
      (code) => /^[A-Z]{3}$/.test(code) && Boolean(findCurrency(code)),
      'an ISO 4217 code such as EUR',
    )
    .optional(),
})

/** The /api/watcher/* operations (staff only). */
export function watcherEndpoints(options: ResolvedWatcherOptions): Endpoint[] {
  return [
    operation({ path: '/watcher/sync', method: 'post', access: 'staff', handler: syncNow }),
    /** The admin's "Retry sync": queue the document's sync again. */
    operation({
      path: '/watcher/retry',
      method: 'post',
      access: 'staff',
      body: retryBody,
      handler: async (req, { body: { collection, id } }) => {
        const doc = await req.payload.findByID({
          collection,
          id,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
        })
        if (!doc) throw new NotFound(`${collection} ${id} not found`, 'id')
        await enqueueSync(req, {
          collection,
          id,
          action: 'upsert',
          label: 'title' in doc ? doc.title : doc.login,
          cause: `retry by ${causeOf(req)}`,
          force: true,
        })
        await writeSyncState(req.payload, collection, id, { status: 'pending' })
        return Response.json({ message: 'Sync queued', status: 'pending' }, { status: 202 })
      },
    }),
    operation({
      path: '/watcher/reconcile',
      method: 'post',
      access: 'staff',
      handler: async (req) => {
        const report = await reconcile(req.payload, {
          api: options.api,
          cause: `reconcile by ${causeOf(req)}`,
        })
        if (report.outcome !== 'error')
          await runningJobs(() => runDueJobs(req.payload, { queue: WATCHER_QUEUE }))
        return report
      },
    }),
    /** All or nothing: one transaction for the whole import. */
    operation({
      path: '/watcher/import-presets',
      method: 'post',
      access: 'staff',
      body: importBody,
      handler: (req, { body }) =>
        withTransaction(req, ({ req }) =>
          callingWatcher(() => importPresets(req, { ...body, api: options.api() })),
        ),
    }),
  ]
}
