/** Payload's retry setting: up to `attempts` retries after the first try, backing off exponentially from `delayMs`. */
export const exponentialRetries = (attempts: number, delayMs: number) => ({
  attempts,
  backoff: { type: 'exponential' as const, delay: delayMs },
})
