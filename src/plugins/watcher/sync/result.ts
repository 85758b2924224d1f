import type { SyncContext } from './context'

export interface SyncResult {
  /** The Watcher object, when there is one. */
  watcherId: number | null
  label: string
  /** How Watcher differed from billing (what was changed, or in a dry run what would be). */
  differences: string[]
  /** Nothing to do: the document is gone (its delete job handles Watcher) or is not mirrored. */
  skipped?: string
}

/** One document's sync; `dryRun` only compares (reconciliation) and changes nothing. */
export type DocumentSync = (
  ctx: SyncContext,
  id: number,
  options?: { dryRun?: boolean },
) => Promise<SyncResult>

/** The document is gone: its delete job handles Watcher. */
export const deletedResult = (id: number): SyncResult => ({
  watcherId: null,
  label: `#${id}`,
  differences: [],
  skipped: 'deleted',
})

/** A dry run found no Watcher copy where the document links to one (or links to none). */
export const missingInWatcher = (
  stored: number | null | undefined,
  label: string,
  what: string,
): SyncResult => ({ watcherId: stored ?? null, label, differences: [`${what} missing in Watcher`] })
