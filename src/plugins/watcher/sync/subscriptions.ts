import { isWatcherError } from '../client'
import { linkedCopy, type SyncContext } from './context'
import { presetDifferences, presetSettings } from './desired'
import { ensurePreset } from './ensure'
import { loadSubscription } from './load'
import { deletedResult, missingInWatcher, type DocumentSync } from './result'

/** Subscription → preset: created or updated to the settings its services add up to. */
export const syncSubscription: DocumentSync = async (ctx, id, { dryRun = false } = {}) => {
  const subscription = await loadSubscription(ctx.payload, id)
  if (!subscription) return deletedResult(id)
  const label = subscription.title
  if (subscription.status === 'archived') {
    const watcherId = subscription.watcher?.id ?? null
    if (watcherId && !dryRun) await retirePreset(ctx, watcherId)
    return { watcherId, label, differences: [] }
  }
  const desired = presetSettings(subscription)
  if (dryRun) {
    const stored = subscription.watcher?.id
    const current = await linkedCopy(stored, (watcherId) => ctx.api.getPreset(watcherId))
    if (!current || current.deleted) return missingInWatcher(stored, label, 'preset')
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
