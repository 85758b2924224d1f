import { AsyncLocalStorage } from 'node:async_hooks'
import {
  createWatcherApi,
  watcherApiOptionsFromEnv,
  type WatcherApi,
  type WatcherRequestEvent,
} from './client'
import { Unavailable } from '../../endpoints/errors'

/** Collects the Watcher calls made by one sync attempt (for the sync event). */
export class RequestRecorder {
  count = 0
  lastStatus: number | null = null
  failedStatus: number | null = null

  record(event: WatcherRequestEvent): void {
    this.count++
    this.lastStatus = event.status
    if (event.status === null || event.status >= 400) this.failedStatus = event.status
  }
}

const recorders = new AsyncLocalStorage<RequestRecorder>()

export function recordRequests<T>(recorder: RequestRecorder, fn: () => Promise<T>): Promise<T> {
  return recorders.run(recorder, fn)
}

/** WATCHER_URL is not set: operations that need Watcher answer 503. */
export class WatcherNotConfigured extends Unavailable {
  constructor() {
    super('Watcher is not configured: set WATCHER_URL (and WATCHER_USER, WATCHER_PASSWORD)')
  }
}

let cached: { key: string; api: WatcherApi } | undefined

/**
 * The Watcher client built from the WATCHER_* environment (the plugin's default `api`); rebuilt
 * when that environment changes.
 */
export function watcherApi(): WatcherApi {
  if (!process.env.WATCHER_URL) throw new WatcherNotConfigured()
  const options = watcherApiOptionsFromEnv()
  const timeoutMs = Number(process.env.WATCHER_TIMEOUT_MS) || 10_000
  const retry = {
    ...(process.env.WATCHER_RETRY_LIMIT ? { limit: Number(process.env.WATCHER_RETRY_LIMIT) } : {}),
    ...(process.env.WATCHER_RETRY_BASE_MS
      ? { baseDelayMs: Number(process.env.WATCHER_RETRY_BASE_MS) }
      : {}),
  }
  const key = JSON.stringify({ ...options, timeoutMs, retry })
  if (cached?.key !== key) {
    cached = {
      key,
      api: createWatcherApi({
        ...options,
        timeoutMs,
        retry,
        userAgent: 'watcher-billing',
        onRequest: (event) => recorders.getStore()?.record(event),
      }),
    }
  }
  return cached.api
}
