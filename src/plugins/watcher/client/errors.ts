/** Every failure of a Watcher call, in one shape billing can record and decide on. */
export type WatcherErrorCode =
  'network_error' | 'timeout' | 'invalid_response' | 'unauthorized' | (string & {})

export interface WatcherErrorDetails {
  /** HTTP status; null when no answer arrived (network error, timeout). */
  status: number | null
  /** Watcher's error code (v3 `code`, v2 `error`) or one of the client's own codes. */
  code: WatcherErrorCode
  message: string
  /** The field at fault: a v3 JSON pointer (`/preset/id`), a v2 field name, or a response path. */
  pointer?: string
  retryable: boolean
  method: string
  /** Request path without the query string. */
  path: string
  cause?: unknown
}

export class WatcherError extends Error {
  readonly status: number | null
  readonly code: WatcherErrorCode
  readonly pointer?: string
  readonly retryable: boolean
  readonly method: string
  readonly path: string

  constructor(details: WatcherErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'WatcherError'
    this.status = details.status
    this.code = details.code
    this.pointer = details.pointer
    this.retryable = details.retryable
    this.method = details.method
    this.path = details.path
  }

  get isNotFound(): boolean {
    return this.status === 404
  }

  get isConflict(): boolean {
    // v2 has no 409: conflicts come back as 400 with a conflict code.
    return this.status === 409
  }
}

export function isWatcherError(error: unknown): error is WatcherError {
  return error instanceof WatcherError
}

/** 5xx, 429 and failures without an answer may succeed when tried again; other 4xx will not. */
export function isRetryableStatus(status: number | null): boolean {
  return status === null || status === 429 || status >= 500
}
