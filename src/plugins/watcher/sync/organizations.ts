import { isWatcherError } from '../client'
import { linkedCopy, PermanentSyncError, type SyncContext } from './context'
import { isMirroredUser, organizationDifferences, organizationState } from './desired'
import { ensureOrganization, ensurePreset, ensureUser } from './ensure'
import { loadOrganization, loadSubscription, loadUser } from './load'
import { relationId } from '../../../fields/relationId'
import { deletedResult, missingInWatcher, type DocumentSync } from './result'
import { syncRecordingStop } from './suspension'

/**
 * Organization → organization: title, limits, owner (the administrator's Watcher user, created
 * first when needed), preset links equal to its available (active) subscriptions, and its
 * streams stopped while dunning's recording stop applies (suspension.ts).
 */
export const syncOrganization: DocumentSync = async (ctx, id, { dryRun = false } = {}) => {
  const organization = await loadOrganization(ctx.payload, id)
  if (!organization) return deletedResult(id)
  const label = organization.title
  const differences: string[] = []

  let watcherId: number
  if (dryRun) {
    const current = await linkedCopy(organization.watcher?.id, (watcherId) =>
      ctx.api.getOrganization(watcherId),
    )
    if (!current) return missingInWatcher(organization.watcher?.id, label, 'organization')
    watcherId = current.id
  } else {
    watcherId = await ensureOrganization(ctx, id)
  }

  const administratorId = relationId(organization.administrator)
  const administrator = administratorId ? await loadUser(ctx.payload, administratorId) : null
  let ownerId: number | null = null
  if (administrator && isMirroredUser(administrator)) {
    ownerId = dryRun ? (administrator.watcher?.id ?? null) : await ensureUser(ctx, administrator.id)
  }
  const desired = organizationState(organization, ownerId)
  const current = await ctx.api.getOrganization(watcherId)
  const changed = organizationDifferences(current, desired)
  differences.push(...changed)
  if (changed.length > 0 && !dryRun) await ctx.api.updateOrganization(watcherId, desired)

  differences.push(
    ...(await syncPresetLinks(ctx, watcherId, organization.availableSubscriptions ?? [], dryRun)),
  )
  differences.push(...(await syncRecordingStop(ctx, organization, watcherId, dryRun)))
  return { watcherId, label, differences }
}

async function syncPresetLinks(
  ctx: SyncContext,
  watcherId: number,
  available: (number | { id: number })[],
  dryRun: boolean,
): Promise<string[]> {
  const wanted = new Map<number, string>()
  for (const value of available) {
    const subscription = await loadSubscription(ctx.payload, relationId(value)!)
    if (!subscription || subscription.status !== 'active') continue
    const presetId = dryRun ? subscription.watcher?.id : await ensurePreset(ctx, subscription.id)
    if (presetId) wanted.set(presetId, subscription.title)
  }
  const linked = (await ctx.api.listPresets({ organizationId: watcherId }))
    .filter((preset) => !preset.isDefault && !preset.deleted)
    .map((preset) => preset.id)
  const differences: string[] = []
  for (const [presetId, title] of wanted) {
    if (linked.includes(presetId)) continue
    differences.push(`preset ${presetId} (${title}) not linked`)
    if (!dryRun) await ctx.api.linkPreset(watcherId, presetId)
  }
  for (const presetId of linked) {
    if (wanted.has(presetId)) continue
    differences.push(`preset ${presetId} linked but not available in billing`)
    if (!dryRun) await ctx.api.unlinkPreset(watcherId, presetId)
  }
  return differences
}

/** The organization was deleted in billing: delete it in Watcher (refused while it has cameras). */
export async function removeOrganization(ctx: SyncContext, watcherId: number): Promise<void> {
  try {
    await ctx.api.deleteOrganization(watcherId)
  } catch (error) {
    if (isWatcherError(error) && error.status === 404) return
    if (isWatcherError(error) && (error.status === 409 || error.status === 400)) {
      throw new PermanentSyncError(
        `Watcher refused to delete organization ${watcherId}: ${error.message}`,
      )
    }
    throw error
  }
}
