import type { AfterErrorHook } from 'payload'
import { isConnectionLoss } from '../db'

/** Seconds a client is asked to wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5

/** The error, or one of its causes (drizzle wraps pg's error as the `cause` of its own). */
export function causedByConnectionLoss(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (isConnectionLoss(current)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/**
 * A request that failed because the database could not be reached (a failover, a restart: the
 * pool reconnects on its own) answers 503 with `Retry-After`, not Payload's 500: nothing is wrong
 * with the request, and a retry in a few seconds will find the database back. Payload still logs
 * the error. Any other error is left as Payload answers it.
 */
export const answerDatabaseUnavailable: AfterErrorHook = ({ error, req }) => {
  if (!causedByConnectionLoss(error)) return
  const headers = req.responseHeaders ?? new Headers()
  headers.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS))
  req.responseHeaders = headers
  return {
    status: 503,
    response: {
      errors: [
        {
          message: `The database is unavailable (a failover or a restart): retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
        },
      ],
    },
  }
}
