/** Retry and timeout settings of the notification jobs, from the environment (read when the config is built). */
const whole = (value: string | undefined, fallback: number, min: number) => {
  const parsed = Number(value)
  return Number.isSafeInteger(parsed) && parsed >= min ? parsed : fallback
}

export interface NotificationSettings {
  /** Tries of one webhook delivery in all (NOTIFICATIONS_WEBHOOK_ATTEMPTS, default 8). */
  webhookAttempts: number
  /** Tries of one e-mail in all (NOTIFICATIONS_EMAIL_ATTEMPTS, default 5). */
  emailAttempts: number
  /** First retry delay; doubles each time (NOTIFICATIONS_RETRY_DELAY_MS, default 60 000: 1, 2, 4 … 64 min). */
  retryDelayMs: number
  /** A receiver that has not answered by then counts as failed (WEBHOOK_TIMEOUT_MS, default 10 000). */
  webhookTimeoutMs: number
  /** Events one dispatcher job fans out at most; a fuller outbox continues in a next job (NOTIFICATIONS_DISPATCH_BATCH, default 1000). */
  dispatchBatch: number
}

export function notificationSettings(
  env: Record<string, string | undefined> = process.env,
): NotificationSettings {
  return {
    webhookAttempts: whole(env.NOTIFICATIONS_WEBHOOK_ATTEMPTS, 8, 1),
    emailAttempts: whole(env.NOTIFICATIONS_EMAIL_ATTEMPTS, 5, 1),
    retryDelayMs: whole(env.NOTIFICATIONS_RETRY_DELAY_MS, 60_000, 0),
    webhookTimeoutMs: whole(env.WEBHOOK_TIMEOUT_MS, 10_000, 100),
    dispatchBatch: whole(env.NOTIFICATIONS_DISPATCH_BATCH, 1_000, 1),
  }
}

/** When Payload runs the next try after the `attempt`-th failed one (its exponential backoff). */
export const nextAttemptAt = (attempt: number, delayMs: number, from = Date.now()) =>
  new Date(from + 2 ** (attempt - 1) * delayMs)
