/** A failure that retrying will not fix (a missing event, an unreadable secret): the delivery fails at once. */
export class PermanentNotificationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PermanentNotificationError'
  }
}

/** A receiver answered, but not with 2xx. */
export class WebhookHttpError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`HTTP ${status}${detail ? `: ${detail}` : ''}`)
    this.name = 'WebhookHttpError'
  }
}

/** One line for the delivery log: the cause's code (ECONNREFUSED…) when fetch hides it. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500)
  if (error.name === 'TimeoutError') return `no answer within the timeout (${error.message})`
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const detail = cause?.code ?? cause?.message
  return (
    detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message
  ).slice(0, 500)
}
