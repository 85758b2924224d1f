import ky, { TimeoutError, type KyInstance } from 'ky'
import type { ZodType } from 'zod/v4'
import { isRetryableStatus, WatcherError } from './errors'
import { redactPath, redactText } from './redact'

export interface RetryPolicy {
  /** Extra attempts after the first; default 3. */
  limit: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 3, baseDelayMs: 250, maxDelayMs: 5_000 }
export const USER_AGENT = 'watcher-billing/0.1 (+https://github.com/; Watcher client)'

/** One attempt, for an access log: never bodies, credentials or query values. */
export interface WatcherRequestEvent {
  method: string
  path: string
  /** The call without ids and stream names, e.g. `PUT admin-v3/streams/:name` (a metric label). */
  operation: string
  status: number | null
  durationMs: number
  attempt: number
  error?: string
}

const API_PREFIXES: [string, string][] = [
  ['/watcher/admin-api/v3', 'admin-v3'],
  ['/watcher/client-api/v3', 'client-v3'],
  ['/vsaas/api/v2', 'v2'],
]

/**
 * A call's method and path template: numeric ids become `:id` and everything after `streams/` or
 * `cameras/` (a stream name, which may contain `/`) becomes `:name`, so that the result names the
 * operation and never a camera.
 */
export function watcherOperation(method: string, path: string): string {
  let rest = path.split('?')[0]!.replace(/^\/+/, '/')
  let api = ''
  for (const [prefix, name] of API_PREFIXES) {
    if (rest === prefix || rest.startsWith(`${prefix}/`)) {
      api = name
      rest = rest.slice(prefix.length)
      break
    }
  }
  const template: string[] = []
  const segments = rest.split('/').filter(Boolean)
  for (let index = 0; index < segments.length; index++) {
    const previous = segments[index - 1]
    if (previous === 'streams' || previous === 'cameras') {
      template.push(':name')
      break
    }
    template.push(/^\d+$/.test(segments[index]!) ? ':id' : segments[index]!)
  }
  return `${method.toUpperCase()} ${[api, ...template].filter(Boolean).join('/')}`
}

/** Kept on globalThis: a bundler may load this module more than once in one process (Next's chunks). */
const OBSERVERS_KEY = Symbol.for('watcher-billing.watcher-request-observers')
const observers: Set<(event: WatcherRequestEvent) => void> = ((
  globalThis as unknown as Record<symbol, Set<(event: WatcherRequestEvent) => void>>
)[OBSERVERS_KEY] ??= new Set())

/**
 * Calls `listener` after every HTTP attempt of every Watcher client of this process (metrics);
 * answers a function that stops it. A listener that throws never breaks a call.
 */
export function observeWatcherRequests(listener: (event: WatcherRequestEvent) => void): () => void {
  observers.add(listener)
  return () => observers.delete(listener)
}

export interface Authenticator {
  /** Credential headers for the next request (logging in first when needed). */
  headers(): Promise<Record<string, string>>
  /** True when `status` means the credential was refused. */
  isAuthFailure(status: number): boolean
  /** Gets a new credential after a refusal; true when the request is worth sending again. */
  renew(refused: Record<string, string>): Promise<boolean>
}

export interface ParsedErrorBody {
  code?: string
  message?: string
  pointer?: string
}

export interface TransportOptions {
  url: string
  timeoutMs: number
  retry: RetryPolicy
  userAgent?: string
  /** Reads Watcher's error body (v3 `errors` envelope, v2 `error_message`). */
  parseErrorBody: (body: unknown) => ParsedErrorBody
  onRequest?: (event: WatcherRequestEvent) => void
  fetch?: typeof fetch
}

export type QueryValue = string | number | boolean | null | undefined

export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  query?: Record<string, QueryValue>
  json?: unknown
  /** Response schema; without one the body is ignored. */
  schema?: ZodType<T>
  /** Retried on network errors, 429 and 5xx; default: every method but POST. */
  idempotent?: boolean
  /** false: send no stored credential (the login call itself). */
  authenticate?: boolean
  headers?: Record<string, string>
}

/** HTTP on ky: timeouts, retries with backoff and jitter, re-login once on refusal, zod checks. */
export class Transport {
  private readonly http: KyInstance
  authenticator: Authenticator | null = null

  constructor(private readonly options: TransportOptions) {
    this.http = ky.create({
      prefixUrl: options.url.replace(/\/+$/, ''),
      timeout: options.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      headers: { 'user-agent': options.userAgent ?? USER_AGENT, accept: 'application/json' },
      fetch: options.fetch,
    })
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const idempotent = spec.idempotent ?? spec.method !== 'POST'
    const authenticate = spec.authenticate ?? true
    let attempt = 0
    let renewed = false
    for (;;) {
      attempt++
      const credentials =
        authenticate && this.authenticator ? await this.authenticator.headers() : {}
      const started = performance.now()
      let response: Response
      try {
        response = await this.http(spec.path.replace(/^\/+/, ''), {
          method: spec.method,
          json: spec.json,
          searchParams: toSearchParams(spec.query),
          headers: { ...credentials, ...spec.headers },
        })
      } catch (cause) {
        const error = this.networkError(spec, cause)
        this.emit(spec, null, started, attempt, error.code)
        if (idempotent && attempt <= this.options.retry.limit) {
          await sleep(this.backoff(attempt))
          continue
        }
        throw error
      }
      this.emit(spec, response.status, started, attempt)

      if (response.ok) return this.parse(spec, response)

      const error = await this.httpError(spec, response)
      if (authenticate && this.authenticator?.isAuthFailure(response.status) && !renewed) {
        // Refused credential: log in again once, then give up with Watcher's own answer.
        renewed = true
        if (await this.authenticator.renew(credentials)) {
          attempt--
          continue
        }
        throw error
      }
      if (error.retryable && idempotent && attempt <= this.options.retry.limit) {
        await sleep(retryAfterMs(response) ?? this.backoff(attempt))
        continue
      }
      throw error
    }
  }

  private async parse<T>(spec: RequestSpec<T>, response: Response): Promise<T> {
    const text = await response.text()
    if (!spec.schema) return undefined as T
    let body: unknown
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text)
    } catch (cause) {
      throw this.invalidResponse(spec, response.status, 'the answer is not JSON', undefined, cause)
    }
    const result = spec.schema.safeParse(body)
    if (result.success) return result.data
    const issue = result.error.issues[0]
    const pointer = `/${issue.path.join('/')}`
    throw this.invalidResponse(
      spec,
      response.status,
      `field ${pointer || '/'} ${issue.message.toLowerCase()}`,
      pointer,
    )
  }

  private invalidResponse(
    spec: RequestSpec<unknown>,
    status: number,
    detail: string,
    pointer?: string,
    cause?: unknown,
  ): WatcherError {
    return new WatcherError({
      status,
      code: 'invalid_response',
      message: redactText(
        `Watcher answered ${spec.method} ${spec.path} with an unexpected body: ${detail}`,
        spec.path,
      ),
      pointer,
      retryable: false,
      method: spec.method,
      path: redactPath(spec.path),
      cause,
    })
  }

  private async httpError(spec: RequestSpec<unknown>, response: Response): Promise<WatcherError> {
    let parsed: ParsedErrorBody = {}
    try {
      const text = await response.text()
      parsed = this.options.parseErrorBody(text ? JSON.parse(text) : undefined)
    } catch {
      // A body that is not JSON still leaves the status to go on.
    }
    const code = parsed.code ?? `http_${response.status}`
    const detail = parsed.message ?? response.statusText
    return new WatcherError({
      status: response.status,
      code,
      message: redactText(
        `Watcher answered ${spec.method} ${spec.path} with ${response.status} ${code}: ${detail}${parsed.pointer ? ` (field ${parsed.pointer})` : ''}`,
        spec.path,
      ),
      pointer: parsed.pointer,
      retryable: isRetryableStatus(response.status),
      method: spec.method,
      path: redactPath(spec.path),
    })
  }

  private networkError(spec: RequestSpec<unknown>, cause: unknown): WatcherError {
    const timeout = cause instanceof TimeoutError
    return new WatcherError({
      status: null,
      code: timeout ? 'timeout' : 'network_error',
      message: redactText(
        timeout
          ? `Watcher did not answer ${spec.method} ${spec.path} within ${this.options.timeoutMs} ms`
          : `Watcher is unreachable for ${spec.method} ${spec.path}: ${(cause as Error)?.message ?? cause}`,
        spec.path,
      ),
      retryable: true,
      method: spec.method,
      path: redactPath(spec.path),
      // not the cause itself: its message and stack carry the request URL with the camera's name
    })
  }

  /** Exponential backoff with full jitter. */
  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
    return Math.random() * ceiling
  }

  private emit(
    spec: RequestSpec<unknown>,
    status: number | null,
    started: number,
    attempt: number,
    error?: string,
  ): void {
    const event: WatcherRequestEvent = {
      method: spec.method,
      path: redactPath(spec.path),
      operation: watcherOperation(spec.method, spec.path),
      status,
      durationMs: Math.round(performance.now() - started),
      attempt,
      error: error === undefined ? undefined : redactText(error, spec.path),
    }
    this.options.onRequest?.(event)
    for (const observer of observers) {
      try {
        observer(event)
      } catch {
        // metrics must never break a call
      }
    }
  }
}

function toSearchParams(
  query: Record<string, QueryValue> | undefined,
): URLSearchParams | undefined {
  if (!query) return undefined
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(name, String(value))
  }
  return params
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after')
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, 30_000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - Date.now(), 30_000))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Encodes a stream name for a path; its `/` stay separators, as Watcher expects. */
export function encodeName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/')
}
