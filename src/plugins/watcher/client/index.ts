import { DEFAULT_RETRY, Transport, type RetryPolicy, type WatcherRequestEvent } from './transport'
import type { WatcherApi, WatcherApiVersion } from './types'
import { parseV2ErrorBody, WatcherApiV2 } from './v2'
import { parseV3ErrorBody, WatcherApiV3 } from './v3'

export interface WatcherApiOptions {
  /** Watcher's address, e.g. `http://watcher.example:80` (no API path). */
  url: string
  /** The Watcher administrator. */
  user: string
  password: string
  /** `v3` (default) for Watcher 24.x and later, `v2` for older installations. */
  api?: WatcherApiVersion
  /** v2 only: the system API key (`x-vsaas-api-key`); without it v2 logs in for a session. */
  apiKey?: string
  /** Per request; default 10 s. */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  userAgent?: string
  /** Called after each HTTP attempt (for an access log); carries no secrets. */
  onRequest?: (event: WatcherRequestEvent) => void
  fetch?: typeof fetch
}

/** The Watcher client billing uses, for the API generation it is told. */
export function createWatcherApi(options: WatcherApiOptions): WatcherApi {
  const api = options.api ?? 'v3'
  const credentials = { user: options.user, password: options.password }
  const transport = (parseErrorBody: (body: unknown) => object) =>
    new Transport({
      url: options.url,
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      userAgent: options.userAgent,
      parseErrorBody,
      onRequest: options.onRequest,
      fetch: options.fetch,
    })
  if (api === 'v3') return new WatcherApiV3(transport(parseV3ErrorBody), credentials)
  if (api === 'v2')
    return new WatcherApiV2(transport(parseV2ErrorBody), credentials, options.apiKey)
  throw new Error(`WATCHER_API must be v3 or v2, got ${String(api)}`)
}

/** Options from WATCHER_URL, WATCHER_USER, WATCHER_PASSWORD, WATCHER_API, WATCHER_API_KEY. */
export function watcherApiOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): WatcherApiOptions {
  if (!env.WATCHER_URL) throw new Error('WATCHER_URL is not set')
  const api = env.WATCHER_API || 'v3'
  if (api !== 'v3' && api !== 'v2') throw new Error(`WATCHER_API must be v3 or v2, got ${api}`)
  return {
    url: env.WATCHER_URL,
    user: env.WATCHER_USER || 'admin',
    password: env.WATCHER_PASSWORD || 'admin',
    api,
    apiKey: env.WATCHER_API_KEY || undefined,
  }
}

export { WatcherError, isWatcherError } from './errors'
export type { WatcherErrorCode } from './errors'
export { observeWatcherRequests, watcherOperation } from './transport'
export type { RetryPolicy, WatcherRequestEvent } from './transport'
export type * from './types'
