import type { Messages } from '../i18n'

/**
 * The errors an operation answers with, one class per row of DESIGN.md section 5's table. A domain
 * throws them (or its own subclasses) and the operation wrapper turns them into Payload's error
 * shape, `{ errors: [{ message, field? }] }`, with the status of the table.
 */
export abstract class OperationError extends Error {
  abstract readonly status: number
  constructor(
    message: string,
    readonly field?: string,
    /** More members of the answer's body (e.g. what a busy run is doing). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = new.target.name
  }

  /** The message in the caller's language, when the error has one (else `message`). */
  translated?: (text: Messages) => string

  /** Gives the error its message in every language: `new Conflict(…).inLanguage((t) => …)`. */
  inLanguage(translated: (text: Messages) => string): this {
    this.translated = translated
    return this
  }
}

/** 400: bad input in the body or the query; names the field. */
export class Invalid extends OperationError {
  readonly status = 400
  constructor(field: string, message: string) {
    super(message, field)
  }
}

/** 401: no or bad credentials. */
export class Unauthorized extends OperationError {
  readonly status = 401
  constructor(message = 'Log in first') {
    super(message)
  }
}

/** 403: the caller may not. */
export class Forbidden extends OperationError {
  readonly status = 403
  constructor(message = 'You are not allowed to do this') {
    super(message)
  }
}

/** 404: not found, or not visible to the caller (a malformed id too). */
export class NotFound extends OperationError {
  readonly status = 404
}

/** 409: the thing is in a state that does not allow this. */
export class Conflict extends OperationError {
  readonly status = 409
}

/** 409: a run of the same operation is already in progress. */
export class Busy extends OperationError {
  readonly status = 409
}

/** 429: too many attempts; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimited extends OperationError {
  readonly status = 429
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message)
  }
}

/** 502: Watcher failed. */
export class WatcherFailed extends OperationError {
  readonly status = 502
}

/** 503: a service the operation needs is not configured. */
export class Unavailable extends OperationError {
  readonly status = 503
}
