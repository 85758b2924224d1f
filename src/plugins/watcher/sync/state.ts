import type { Payload } from 'payload'
import type { WatcherSyncState } from '../../../fields/watcherSyncState'
import type { SyncedCollection } from '../collections/SyncEvents'

/** Tells the plugin's own hooks that a write comes from a sync job (no new job, no `pending`). */
export const SYNC_WRITE = 'watcherSyncWrite'

/**
 * Writes the `watcher` group straight through the database adapter: no hooks, no validation of
 * the rest of the document, no new `updatedAt` (the document itself did not change).
 */
export async function writeSyncState(
  payload: Payload,
  collection: SyncedCollection,
  id: number,
  patch: WatcherSyncState,
): Promise<void> {
  const current = await payload.db.findOne<{
    id: number
    updatedAt?: string
    watcher?: WatcherSyncState | null
  }>({
    collection,
    where: { id: { equals: id } },
    select: { watcher: true, updatedAt: true },
    req: {},
  })
  if (!current) return
  const { id: remoteId, ...rest } = patch
  const { id: _virtual, ...stored } = current.watcher ?? {}
  await payload.db.updateOne({
    collection,
    id,
    // the same updatedAt: the adapter would bump it, and the document itself did not change
    data: {
      watcher: { ...stored, ...rest, ...(remoteId !== undefined ? { remoteId } : {}) },
      updatedAt: current.updatedAt,
    },
    returning: false,
    req: {},
  })
}

export async function readUpdatedAt(
  payload: Payload,
  collection: SyncedCollection,
  id: number,
): Promise<string | null> {
  const doc = await payload.db.findOne<{ id: number; updatedAt?: string }>({
    collection,
    where: { id: { equals: id } },
    select: { updatedAt: true },
    req: {},
  })
  return doc?.updatedAt ?? null
}

/** Context key: create the document already linked to this Watcher object (catalogue import). */
export const WATCHER_LINK_ID = 'watcherLinkId'
