import type { Payload } from 'payload'
import type pg from 'pg'

/** One key for the whole installation: the job runner's advisory lock. */
export const WORKER_LOCK_KEY = 7_311_802_113

interface WorkerOptions {
  payload: Payload
  lockClient: pg.Client
  intervalMs?: number
  log?: (line: string) => void
}

/**
 * Waits for the runner lock, then runs due jobs every few seconds. Answers a function that stops
 * the loop after the current round.
 */
export async function runWorker({
  payload,
  lockClient,
  intervalMs = 5_000,
  log = () => {},
}: WorkerOptions): Promise<() => Promise<void>> {
  let stopped = false
  let round: Promise<void> = Promise.resolve()
  log('worker: waiting for the runner lock')
  await lockClient.query('select pg_advisory_lock($1)', [WORKER_LOCK_KEY])
  log('worker: holding the runner lock; running jobs')
  const hasTasks = (payload.config.jobs?.tasks ?? []).length > 0
  const tick = async () => {
    if (stopped) return
    if (hasTasks) {
      try {
        await payload.jobs.handleSchedules()
        await payload.jobs.run({ limit: 100 })
      } catch (error) {
        payload.logger.error({ err: error }, 'worker: job round failed')
      }
    }
    if (!stopped) timer = setTimeout(() => (round = tick()), intervalMs)
  }
  let timer: NodeJS.Timeout = setTimeout(() => (round = tick()), 0)
  return async () => {
    stopped = true
    clearTimeout(timer)
    await round
    await lockClient.query('select pg_advisory_unlock($1)', [WORKER_LOCK_KEY]).catch(() => undefined)
  }
}
