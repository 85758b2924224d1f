export interface SyncResult {
  /** The Watcher object, when there is one. */
  watcherId: number | null
  label: string
  /** How Watcher differed from billing (what was changed, or in a dry run what would be). */
  differences: string[]
  /** Nothing to do: the document is gone (its delete job handles Watcher) or is not mirrored. */
  skipped?: string
}
