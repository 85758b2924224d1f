import { AsyncLocalStorage } from 'node:async_hooks'
import { createWatcherApi, watcherApiOptionsFromEnv, type WatcherApi, type WatcherRequestEvent } from './client'
import { watcherOptions } from './options'

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

let cached: { key: string; api: WatcherApi } | undefined

/** The Watcher client of this process; rebuilt when the WATCHER_* environment changes. */
export function watcherApi(): WatcherApi {
  const injected = watcherOptions().api
  if (injected) return injected()
  const options = watcherApiOptionsFromEnv()
  const timeoutMs = Number(process.env.WATCHER_TIMEOUT_MS) || 10_000
  const retry = {
    ...(process.env.WATCHER_RETRY_LIMIT ? { limit: Number(process.env.WATCHER_RETRY_LIMIT) } : {}),
    ...(process.env.WATCHER_RETRY_BASE_MS ? { baseDelayMs: Number(process.env.WATCHER_RETRY_BASE_MS) } : {}),
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
