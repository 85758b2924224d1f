import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
} from 'payload'
import type { WatcherSyncState } from '../../../fields/watcherSyncState'
import type { SyncedCollection } from '../collections/SyncEvents'
import { isMirroredUser } from '../sync/desired'
import { causeOf, enqueueSync } from '../sync/enqueue'
import { SYNC_WRITE, WATCHER_LINK_ID } from '../sync/state'
import { takeSealedPassword } from './capturePassword'

/** Marks the document pending in the same write; the API cannot set the `watcher` group itself. */
export const markPending: CollectionBeforeChangeHook = ({
  data,
  originalDoc,
  context,
  collection,
}) => {
  if (context[SYNC_WRITE]) return data
  const role =
    (data as { role?: string }).role ?? (originalDoc as { role?: string } | undefined)?.role
  if (
    collection.slug === 'users' &&
    role !== 'subscriber' &&
    !(originalDoc as { watcher?: { remoteId?: number } } | undefined)?.watcher?.remoteId
  )
    return data
  const { id: _virtual, ...previous } =
    (originalDoc as { watcher?: Record<string, unknown> } | undefined)?.watcher ?? {}
  const linked =
    typeof context[WATCHER_LINK_ID] === 'number' ? { remoteId: context[WATCHER_LINK_ID] } : {}
  return { ...data, watcher: { ...previous, ...linked, status: 'pending' } }
}

export const enqueueOnChange =
  (collection: SyncedCollection): CollectionAfterChangeHook =>
  async ({ doc, req, context }) => {
    if (context[SYNC_WRITE]) return doc
    if (collection === 'users' && !isMirroredUser(doc) && !doc.watcher?.remoteId) return doc
    await enqueueSync(req, {
      collection,
      id: doc.id,
      action: 'upsert',
      label: doc.title ?? doc.login ?? null,
      password: collection === 'users' ? takeSealedPassword(req, doc) : undefined,
      cause: causeOf(req),
    })
    return doc
  }

const deletedState = (collection: SyncedCollection, id: unknown) =>
  `watcherStateOfDeleted:${collection}:${String(id)}`

/**
 * The `watcher` group as stored, before a delete: the document a delete hook gets was read with
 * the caller's access, and only staff read that group (a subscriber removing a member would
 * otherwise queue a delete without the Watcher id).
 */
export const rememberWatcherState =
  (collection: SyncedCollection): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const stored = await req.payload.db.findOne<{ id: number; watcher?: WatcherSyncState | null }>({
      collection,
      where: { id: { equals: id } },
      select: { watcher: true },
      req,
    })
    req.context[deletedState(collection, id)] = stored?.watcher ?? null
  }

export const enqueueOnDelete =
  (collection: SyncedCollection): CollectionAfterDeleteHook =>
  async ({ doc, id, req }) => {
    const remembered = req.context[deletedState(collection, id ?? doc.id)] as
      WatcherSyncState | null | undefined
    const watcher: WatcherSyncState | null | undefined =
      remembered !== undefined ? remembered : doc.watcher
    if (collection === 'users' && !isMirroredUser(doc) && !watcher?.remoteId) return doc
    await enqueueSync(req, {
      collection,
      id: doc.id,
      action: collection === 'subscriptions' ? 'retire' : 'delete',
      watcherId: watcher?.remoteId ?? null,
      label: doc.title ?? doc.login ?? null,
      unconfirmedCreate:
        collection === 'users' && !watcher?.remoteId && Boolean(watcher?.createRequestedAt),
      cause: causeOf(req),
    })
    return doc
  }
