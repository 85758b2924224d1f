/** Queue and task names of the job runner; task slugs become a Postgres enum (a new one needs a migration). */
export const WATCHER_QUEUE = 'watcher'
export const SYNC_TASK = 'watcher-sync'
export const RECONCILE_TASK = 'watcher-reconcile'

/** Every queue the worker runs, in the order of a round. */
export const QUEUES = [WATCHER_QUEUE, 'default'] as const
