import type { Payload } from 'payload'
import type { SyncAction, SyncedCollection, SyncOutcome } from '../collections/SyncEvents'

export interface SyncEventInput {
  collection: SyncedCollection
  documentId: number
  label?: string | null
  watcherId?: number | null
  action: SyncAction
  outcome: SyncOutcome
  attempt: number
  httpStatus?: number | null
  durationMs: number
  requests: number
  error?: string | null
  /** What the attempt changed in Watcher (the sync's differences). */
  changes?: string | null
  cause?: string | null
}

/** Appends a row to the integration's access log (never fails the job over a log write). */
export async function recordSyncEvent(payload: Payload, event: SyncEventInput): Promise<void> {
  try {
    await payload.create({ collection: 'sync-events', data: event, overrideAccess: true, depth: 0 })
  } catch (error) {
    payload.logger.error({ err: error }, 'watcher sync: could not record a sync event')
  }
}
