import type { WatcherApi } from './client'

export interface WatcherPluginOptions {
  /** The Watcher client; default: one built from WATCHER_URL, WATCHER_USER, … at first use. */
  api?: () => WatcherApi
  /**
   * Delivery attempts per change before it is marked failed (default 10, env WATCHER_SYNC_ATTEMPTS)
   * and the first retry delay, doubled at each retry (default 7 s, env WATCHER_SYNC_BACKOFF_MS):
   * 10 attempts span about an hour (7 s × (2^9 − 1) ≈ 60 min).
   */
  retries?: { attempts?: number; delayMs?: number }
  /** When the reconciliation runs (cron; src/jobs/schedules.ts reads it from WATCHER_RECONCILE_CRON). */
  reconcileCron?: string
  /** When the usage collector runs (cron; src/jobs/schedules.ts reads it from WATCHER_USAGE_CRON). */
  usageCron?: string
}

export interface ResolvedWatcherOptions {
  api?: () => WatcherApi
  attempts: number
  delayMs: number
  reconcileCron: string
  usageCron: string
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value)
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback
}

export function resolveOptions(options: WatcherPluginOptions = {}): ResolvedWatcherOptions {
  return {
    api: options.api,
    attempts: options.retries?.attempts ?? positiveInt(process.env.WATCHER_SYNC_ATTEMPTS, 10),
    delayMs: options.retries?.delayMs ?? positiveInt(process.env.WATCHER_SYNC_BACKOFF_MS, 7_000),
    reconcileCron: options.reconcileCron ?? '0 3 * * *',
    usageCron: options.usageCron ?? '*/15 * * * *',
  }
}

/** The options of the plugin in this process (set when the config is built). */
let current: ResolvedWatcherOptions = resolveOptions()

export function setWatcherOptions(options: ResolvedWatcherOptions): void {
  current = options
}

export function watcherOptions(): ResolvedWatcherOptions {
  return current
}
