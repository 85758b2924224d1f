import type { Payload } from 'payload'
import type { WatcherApi } from '../client'
import { isWatcherError } from '../client'

export interface SyncContext {
  payload: Payload
  api: WatcherApi
}

/** A failure that trying again will not fix; the change is marked failed at once. */
export class PermanentSyncError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PermanentSyncError'
  }
}

export function isNotFound(error: unknown): boolean {
  return isWatcherError(error) && error.status === 404
}

/** Watcher refused a create because the object exists (v3 409; v2 answers conflicts with 400). */
export function isConflict(error: unknown): boolean {
  return (
    isWatcherError(error) &&
    (error.status === 409 ||
      (error.status === 400 && /exist|taken|duplicate|unique/i.test(error.message)))
  )
}

/** Runs `fn`, answering null when Watcher says 404. */
export async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn()
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** The Watcher copy a document links to, or null when it links to none or Watcher has it no more. */
export const linkedCopy = async <T>(
  stored: number | null | undefined,
  get: (watcherId: number) => Promise<T>,
): Promise<T | null> => (stored ? orNull(() => get(stored)) : null)
