/**
 * The Watcher emulator for integration tests, with billing pointed at it through the same
 * environment variables a real installation uses.
 */
import type { Payload } from 'payload'
import { WATCHER_QUEUE } from '../../src/jobs/queues'
import { runDueJobs } from '../../src/jobs/runDueJobs'
import { startWatcherEmulator, type WatcherEmulator } from '../../src/watcher-emulator'

export const WATCHER_ADMIN = { user: 'admin', password: 'admin-secret' }
export const WATCHER_KEY = 'test-system-key'

export async function startBillingWatcher(api: 'v3' | 'v2' = 'v3'): Promise<WatcherEmulator> {
  const emulator = await startWatcherEmulator({
    port: 0,
    adminUser: WATCHER_ADMIN.user,
    adminPassword: WATCHER_ADMIN.password,
    apiKey: WATCHER_KEY,
  })
  pointBillingAt(emulator, api)
  return emulator
}

export function pointBillingAt(emulator: WatcherEmulator, api: 'v3' | 'v2'): void {
  Object.assign(process.env, {
    WATCHER_URL: emulator.url,
    WATCHER_USER: WATCHER_ADMIN.user,
    WATCHER_PASSWORD: WATCHER_ADMIN.password,
    WATCHER_API: api,
    WATCHER_API_KEY: WATCHER_KEY,
  })
  process.env.WATCHER_RETRY_BASE_MS ??= '5'
}

/** Every queued sync job, now (what POST /api/watcher/sync does). */
export function syncNow(payload: Payload): Promise<number> {
  return runDueJobs(payload, { queue: WATCHER_QUEUE, includeWaiting: true })
}

/** Forgets the jobs other test files left in the shared test database. */
export async function clearQueue(payload: Payload): Promise<void> {
  await payload.db.deleteMany({ collection: 'payload-jobs', where: { id: { exists: true } }, req: {} })
}

export async function watcherGet<T = any>(emulator: WatcherEmulator, path: string, api: 'v3' | 'v2' = 'v3'): Promise<T> {
  const headers: Record<string, string> =
    api === 'v2'
      ? { 'x-vsaas-api-key': WATCHER_KEY }
      : { authorization: `Basic ${Buffer.from(`${WATCHER_ADMIN.user}:${WATCHER_ADMIN.password}`).toString('base64')}` }
  const response = await fetch(`${emulator.url}${path}`, { headers })
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Logs in to the emulator as a Watcher user (v3 Basic login); answers the HTTP status. */
export async function watcherLogin(emulator: WatcherEmulator, login: string, password: string): Promise<number> {
  const response = await fetch(`${emulator.url}/watcher/client-api/v3/login`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` },
  })
  await response.arrayBuffer()
  return response.status
}

export const V3_ADMIN = '/watcher/admin-api/v3'
export const V3_CLIENT = '/watcher/client-api/v3'
export const V2 = '/vsaas/api/v2'
