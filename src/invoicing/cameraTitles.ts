import type { Payload } from 'payload'
import { cameraReference } from '../billing/drillDown'
import { payloadSecrets } from '../config/serverSecret'
import { poolOf } from '../db'
import {
  cameraKeysOf,
  createWatcherApi,
  isWatcherError,
  watcherApiOptionsFromEnv,
  type WatcherApi,
} from '../plugins/watcher'
import type { User } from '../payload-types'
import { watcherOrganizationIds } from './drillDownStore'

/** How long the titles may take in all: a drill-down without them beats a slow page. */
export const TITLES_TIMEOUT_MS = 3_000

/**
 * After Watcher ran out of time or was unavailable (no answer, 5xx, 429), titles are not asked for
 * again for this long: during an outage each page shows references at once instead of waiting for
 * Watcher again. A refusal about one organization (another 4xx) pauses nothing.
 */
export const TITLES_PAUSE_MS = 30_000

interface TitlesClient {
  key: string
  api: WatcherApi
  /** performance.now() until which Watcher is not asked (after a failure). */
  pausedUntil: number
}

let cached: TitlesClient | undefined

/** Asks Watcher for titles again at the next call, whatever failed before (tests). */
export function resumeCameraTitles(): void {
  if (cached) cached.pausedUntil = 0
}

/** A client of its own: one short timeout, no retries (the page is waiting). */
function titlesClient(): TitlesClient | null {
  if (!process.env.WATCHER_URL) return null
  const options = watcherApiOptionsFromEnv()
  const key = JSON.stringify(options)
  if (cached?.key !== key) {
    cached = {
      key,
      api: createWatcherApi({
        ...options,
        timeoutMs: TITLES_TIMEOUT_MS,
        retry: { limit: 0 },
        userAgent: 'watcher-billing',
      }),
      pausedUntil: 0,
    }
  }
  return cached
}

/**
 * The organizations among `organizationIds` whose cameras `user` may see by name: a subscriber
 * member of them with the view-streams permission (staff see camera references only).
 */
export function organizationsWithStreamView(
  user: User | null,
  organizationIds: number[],
): number[] {
  if (!user || user.role !== 'subscriber') return []
  const allowed = new Set(
    (user.memberships ?? [])
      .filter((membership) => membership.canViewStreams)
      .map((membership) =>
        typeof membership.organization === 'object'
          ? membership.organization?.id
          : membership.organization,
      ),
  )
  return [...new Set(organizationIds)].filter((id) => allowed.has(id))
}

/**
 * Titles of the cameras of these organizations, by camera reference, read live from Watcher (the
 * names hashed as the usage collector hashes them, under the current secret and, during a
 * rotation, the previous one). Never stored. Watcher unreachable, slow or not configured: null,
 * and the drill-down shows references alone; after a failure, null at once for TITLES_PAUSE_MS.
 * Call it outside any transaction.
 */
export async function cameraTitles(
  payload: Payload,
  organizationIds: number[],
  timeoutMs = TITLES_TIMEOUT_MS,
): Promise<Map<string, string> | null> {
  const titles = new Map<string, string>()
  if (organizationIds.length === 0) return titles
  let client: TitlesClient | null
  try {
    client = titlesClient()
  } catch {
    return null
  }
  if (!client || performance.now() < client.pausedUntil) return null
  const { api } = client
  const watcherIds = await watcherOrganizationIds(poolOf(payload), organizationIds)
  if (watcherIds.length === 0) return titles
  const secrets = payloadSecrets(payload)
  const read = async () => {
    const found = new Map<string, string>()
    for (const organizationId of watcherIds) {
      for await (const stream of api.streams({ organizationId, titles: true })) {
        // only the streams of that organization: a Watcher that ignores the filter lists them all
        if (stream.organizationId !== organizationId || !stream.title) continue
        const keys = cameraKeysOf(stream.name, secrets)
        found.set(cameraReference(keys.current), stream.title)
        if (keys.previous) found.set(cameraReference(keys.previous), stream.title)
      }
    }
    return found
  }
  let timer: NodeJS.Timeout | undefined
  let unavailable = false
  try {
    const found = await Promise.race([
      read(),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs)
      }),
    ])
    unavailable = found === null
    return found
  } catch (error) {
    unavailable = !isWatcherError(error) || error.retryable
    return null
  } finally {
    clearTimeout(timer)
    if (unavailable) client.pausedUntil = performance.now() + TITLES_PAUSE_MS
  }
}
