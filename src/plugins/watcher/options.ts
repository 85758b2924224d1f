import type { CollectionSlug } from 'payload'
import { watcherApi } from './api'
import type { WatcherApi } from './client'

/**
 * The collections the plugin adds its fields and hooks to, by their role. The sync reads and writes
 * the documents with the generated types of the default slugs, so a collection given here must
 * have the same shape. (Camera usage and the usage reports are billing's collections, which the
 * collector writes by their table, not hooked by the plugin.)
 */
export interface WatcherCollectionSlugs {
  /** Synced as presets. */
  subscriptions: CollectionSlug
  /** Synced as organizations; deleting one with cameras in Watcher is refused. */
  organizations: CollectionSlug
  /** Subscribers synced as Watcher users. */
  users: CollectionSlug
  /** A change of a service's settings re-syncs the subscriptions that use it. */
  services: CollectionSlug
}

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
  /** The collections the plugin works on; each defaults to the slug of its name. */
  collections?: Partial<WatcherCollectionSlugs>
}

/** The options with every default filled in: what the plugin's tasks, endpoints and hooks are built with. */
export interface ResolvedWatcherOptions {
  api: () => WatcherApi
  attempts: number
  delayMs: number
  reconcileCron: string
  usageCron: string
  collections: WatcherCollectionSlugs
}

export const DEFAULT_COLLECTIONS: WatcherCollectionSlugs = {
  subscriptions: 'subscriptions',
  organizations: 'organizations',
  users: 'users',
  services: 'services',
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value)
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback
}

export function resolveOptions(options: WatcherPluginOptions = {}): ResolvedWatcherOptions {
  return {
    api: options.api ?? watcherApi,
    attempts: options.retries?.attempts ?? positiveInt(process.env.WATCHER_SYNC_ATTEMPTS, 10),
    delayMs: options.retries?.delayMs ?? positiveInt(process.env.WATCHER_SYNC_BACKOFF_MS, 7_000),
    reconcileCron: options.reconcileCron ?? '0 3 * * *',
    usageCron: options.usageCron ?? '*/15 * * * *',
    collections: { ...DEFAULT_COLLECTIONS, ...options.collections },
  }
}
