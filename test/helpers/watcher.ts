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

/**
 * Forgets what other test files left in the shared test database: their queued jobs, and the
 * Watcher ids of their documents (ids of emulators that are gone, which would clash with this
 * file's emulator).
 */
export async function clearQueue(payload: Payload): Promise<void> {
  await payload.db.deleteMany({
    collection: 'payload-jobs',
    where: { id: { exists: true } },
    req: {},
  })
  const pool = (payload.db as unknown as { pool: { query(sql: string): Promise<unknown> } }).pool
  for (const table of ['subscriptions', 'organizations', 'users']) {
    await pool.query(
      `update "${table}" set watcher_remote_id = null, watcher_status = null, watcher_error = null, watcher_create_requested_at = null`,
    )
  }
}

export async function watcherGet<T = any>(
  emulator: WatcherEmulator,
  path: string,
  api: 'v3' | 'v2' = 'v3',
): Promise<T> {
  const headers: Record<string, string> =
    api === 'v2'
      ? { 'x-vsaas-api-key': WATCHER_KEY }
      : {
          authorization: `Basic ${Buffer.from(`${WATCHER_ADMIN.user}:${WATCHER_ADMIN.password}`).toString('base64')}`,
        }
  const response = await fetch(`${emulator.url}${path}`, { headers })
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Logs in to the emulator as a Watcher user (v3 Basic login); answers the HTTP status. */
export async function watcherLogin(
  emulator: WatcherEmulator,
  login: string,
  password: string,
): Promise<number> {
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

/**
 * Asserts that Watcher holds exactly billing's state for the documents whose title or login
 * contains `tag`: every one synced and without differences (checked with the sync's own dry
 * run), and no Watcher object twice.
 */
export async function watcherDrift(payload: Payload, tag: string): Promise<string[]> {
  const { watcherApi } = await import('../../src/plugins/watcher/api')
  const { syncSubscription } = await import('../../src/plugins/watcher/sync/subscriptions')
  const { syncOrganization } = await import('../../src/plugins/watcher/sync/organizations')
  const { syncUser } = await import('../../src/plugins/watcher/sync/users')
  const ctx = { payload, api: watcherApi() }
  const problems: string[] = []
  const check = async (
    collection: 'subscriptions' | 'organizations' | 'users',
    field: 'title' | 'login',
    sync: typeof syncUser,
  ) => {
    const docs = await payload.find({
      collection,
      where: { [field]: { contains: tag } },
      limit: 0,
      pagination: false,
      depth: 0,
    } as never)
    for (const doc of docs.docs as any[]) {
      if (collection === 'users' && doc.role !== 'subscriber') continue
      if (doc.watcher?.status !== 'synced')
        problems.push(`${collection} ${doc[field]}: status ${doc.watcher?.status}`)
      const result = await sync(ctx as never, doc.id, { dryRun: true })
      if (result.differences.length > 0)
        problems.push(`${collection} ${doc[field]}: ${result.differences.join('; ')}`)
    }
  }
  await check('subscriptions', 'title', syncSubscription as never)
  await check('organizations', 'title', syncOrganization as never)
  await check('users', 'login', syncUser)
  const duplicates = (names: string[]) =>
    names.filter((name, index) => name.includes(tag) && names.indexOf(name) !== index)
  problems.push(
    ...duplicates((await ctx.api.listOrganizations()).map((o) => o.title)).map(
      (t) => `organization twice in Watcher: ${t}`,
    ),
  )
  problems.push(
    ...duplicates((await ctx.api.listPresets()).map((p) => p.title)).map(
      (t) => `preset twice in Watcher: ${t}`,
    ),
  )
  problems.push(
    ...duplicates((await ctx.api.listUsers()).map((u) => u.login)).map(
      (t) => `user twice in Watcher: ${t}`,
    ),
  )
  return problems
}

/** Runs sync rounds until no sync job is left (or `rounds` is reached). */
export async function syncUntilQuiet(payload: Payload, rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await syncNow(payload)
    const left = await payload.count({
      collection: 'payload-jobs',
      where: { completedAt: { exists: false } },
    })
    if (left.totalDocs === 0) return
  }
}
