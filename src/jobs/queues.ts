/** Queue and task names of the job runner; task slugs become a Postgres enum (a new one needs a migration). */
export const WATCHER_QUEUE = 'watcher'
export const SYNC_TASK = 'watcher-sync'
export const RECONCILE_TASK = 'watcher-reconcile'

/** Every queue the worker runs, in the order of a round. */
export const QUEUES = [WATCHER_QUEUE, 'billing', 'notifications', 'default'] as const
export const USAGE_COLLECT_TASK = 'usage-collect'
export const INVOICES_GENERATE_TASK = 'invoices-generate'
export const INVOICES_AUTO_ISSUE_TASK = 'invoices-auto-issue'
/** Money work (usage, invoices) runs in its own queue, beside the Watcher sync. */
export const BILLING_QUEUE = 'billing'
/** Notifications: the outbox dispatcher, one job per e-mail and per webhook delivery. */
export const NOTIFICATIONS_QUEUE = 'notifications'
export const NOTIFICATIONS_DISPATCH_TASK = 'notifications-dispatch'
export const NOTIFICATIONS_EMAIL_TASK = 'notifications-email'
export const NOTIFICATIONS_WEBHOOK_TASK = 'notifications-webhook'
