import { isWatcherError } from '../client'
import { orNull, type SyncContext } from './context'
import { presetDifferences, presetSettings } from './desired'
import { ensurePreset } from './ensure'
import { loadSubscription } from './load'
import type { SyncResult } from './result'

/** Subscription → preset: created or updated to the settings its services add up to. */
export async function syncSubscription(
  ctx: SyncContext,
  id: number,
  { dryRun = false } = {},
): Promise<SyncResult> {
  const subscription = await loadSubscription(ctx.payload, id)
  if (!subscription)
    return { watcherId: null, label: `#${id}`, differences: [], skipped: 'deleted' }
  const label = subscription.title
  if (subscription.status === 'archived') {
    const watcherId = subscription.watcher?.id ?? null
    if (watcherId && !dryRun) await retirePreset(ctx, watcherId)
    return { watcherId, label, differences: [] }
  }
  const desired = presetSettings(subscription)
  if (dryRun) {
    const stored = subscription.watcher?.id
    const current = stored ? await orNull(() => ctx.api.getPreset(stored)) : null
    if (!current || current.deleted)
      return { watcherId: stored ?? null, label, differences: ['preset missing in Watcher'] }
    return { watcherId: current.id, label, differences: presetDifferences(current, desired) }
  }
  const watcherId = await ensurePreset(ctx, id)
  const current = await ctx.api.getPreset(watcherId)
  const differences = presetDifferences(current, desired)
  if (differences.length > 0) await ctx.api.updatePreset(watcherId, desired)
  return { watcherId, label, differences }
}

/**
 * Watcher v3 has no preset DELETE: billing retires a preset by unlinking it from every
 * organization (links that are already gone are fine).
 */
export async function retirePreset(ctx: SyncContext, presetId: number): Promise<void> {
  for (const organization of await ctx.api.listOrganizations()) {
    try {
      await ctx.api.unlinkPreset(organization.id, presetId)
    } catch (error) {
      if (isWatcherError(error) && (error.status === 404 || error.status === 400)) continue
      throw error
    }
  }
}
