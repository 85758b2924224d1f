import { z } from 'zod'
import { commitTransaction, initTransaction, killTransaction, type Endpoint, type Payload, type PayloadHandler } from 'payload'
import { findCurrency } from '../../billing/currency'
import { errorResponse, readJsonBody, staffOnly, zodErrorResponse } from '../../endpoints/responses'
import { SYNC_TASK, WATCHER_QUEUE } from '../../jobs/queues'
import { runDueJobs } from '../../jobs/runDueJobs'
import { RunLockTimeout } from '../../jobs/runLock'
import { syncedCollections, type SyncedCollection } from './collections/SyncEvents'
import { causeOf, enqueueSync } from './hooks/enqueueSync'
import { importPresets } from './importPresets'
import { reconcile } from './reconcile/reconcile'
import { redactSyncError } from './sync/redact'
import { writeSyncState } from './sync/state'


/** Staff only; a runner busy past the lock wait is a 503 to try again. */
const staffOperation = (handler: PayloadHandler): PayloadHandler =>
  staffOnly(async (req) => {
    try {
      return await handler(req)
    } catch (caught) {
      if (caught instanceof RunLockTimeout) return errorResponse(503, caught.message)
      throw caught
    }
  })

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
    where: { and: [{ outcome: { equals: 'retrying' } }, { createdAt: { greater_than_equal: since } }] },
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
    byDocument.set(key, { collection: event.collection, id: Number(event.documentId), error: redactSyncError(event.error ?? 'failed') })
  }
  return [...byDocument.values()]
}

/**
 * Runs every pending sync job now, including those waiting out a retry delay. Answers what
 * happened in this run: `delivered` and `failed` attempts, `pending` jobs left, and `retrying`,
 * the documents whose attempt failed and will be retried, each with its redacted error.
 */
const sync: PayloadHandler = async (req) => {
  const { payload } = req
  const since = new Date().toISOString()
  await runDueJobs(payload, { queue: WATCHER_QUEUE, includeWaiting: true })
  const outcomes = async (outcome: 'delivered' | 'failed') =>
    (await payload.count({ collection: 'sync-events', where: { and: [{ outcome: { equals: outcome } }, { createdAt: { greater_than_equal: since } }] }, overrideAccess: true })).totalDocs
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
  return Response.json({
    delivered: await outcomes('delivered'),
    failed: await outcomes('failed'),
    pending,
    retrying: await retryingSince(payload, since),
  })
}

const retryBody = z.object({
  collection: z.enum(syncedCollections),
  id: z.coerce.number().int().positive(),
})

/** The admin's "Retry sync": queue the document's sync again. */
const retry: PayloadHandler = async (req) => {
  const parsed = retryBody.safeParse(await readJsonBody(req))
  if (!parsed.success) return zodErrorResponse(parsed.error.issues)
  const { collection, id } = parsed.data
  const doc = await req.payload.findByID({ collection, id, depth: 0, overrideAccess: true, disableErrors: true })
  if (!doc) return errorResponse(404, `${collection} ${id} not found`, 'id')
  await enqueueSync(req, { collection, id, action: 'upsert', label: 'title' in doc ? doc.title : doc.login, cause: `retry by ${causeOf(req)}`, force: true })
  await writeSyncState(req.payload, collection, id, { status: 'pending' })
  return Response.json({ message: 'Sync queued', status: 'pending' }, { status: 202 })
}

const reconcileNow: PayloadHandler = async (req) => {
  const report = await reconcile(req.payload, { cause: `reconcile by ${causeOf(req)}` })
  if (report.outcome !== 'error') await runDueJobs(req.payload, { queue: WATCHER_QUEUE })
  return Response.json(report)
}

const importBody = z.object({
  dryRun: z.boolean().optional().default(false),
  currency: z
    .string()
    .refine((code) => /^[A-Z]{3}$/.test(code) && Boolean(findCurrency(code)), 'an ISO 4217 code such as EUR')
    .optional(),
})

/** All or nothing: one transaction for the whole import. */
const importNow: PayloadHandler = async (req) => {
  const parsed = importBody.safeParse(await readJsonBody(req))
  if (!parsed.success) return zodErrorResponse(parsed.error.issues)
  const own = await initTransaction(req)
  try {
    const result = await importPresets(req, parsed.data)
    if (own) await commitTransaction(req)
    return Response.json(result)
  } catch (caught) {
    await killTransaction(req)
    throw caught
  }
}

export const watcherEndpoints: Endpoint[] = [
  { path: '/watcher/sync', method: 'post', handler: staffOperation(sync) },
  { path: '/watcher/retry', method: 'post', handler: staffOperation(retry) },
  { path: '/watcher/reconcile', method: 'post', handler: staffOperation(reconcileNow) },
  { path: '/watcher/import-presets', method: 'post', handler: staffOperation(importNow) },
]
