import type { Payload } from 'payload'
import type { ReconcileReport } from '../../../payload-types'
import type { WatcherApi } from '../client'
import type { SyncedCollection } from '../collections/SyncEvents'
import { enqueueSync } from '../sync/enqueue'
import type { SyncContext } from '../sync/context'
import { syncOrganization } from '../sync/organizations'
import type { SyncResult } from '../sync/result'
import { syncSubscription } from '../sync/subscriptions'
import { syncUser } from '../sync/users'
import { retiredPresetIds } from '../sync/retired'
import { createLocalReq } from 'payload'

const checks: Record<
  SyncedCollection,
  (ctx: SyncContext, id: number, options: { dryRun: boolean }) => Promise<SyncResult>
> = {
  subscriptions: syncSubscription,
  organizations: syncOrganization,
  users: syncUser,
}

async function syncedIds(payload: Payload, collection: SyncedCollection): Promise<number[]> {
  const found = await payload.find({
    collection,
    where: { 'watcher.status': { equals: 'synced' } },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    select: {},
  })
  return found.docs.map((doc) => doc.id)
}

async function claimed(payload: Payload, collection: SyncedCollection): Promise<Set<number>> {
  const found = await payload.find({
    collection,
    where: { 'watcher.remoteId': { exists: true } },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    select: { watcher: true },
  })
  return new Set(
    found.docs.map((doc) => doc.watcher?.id).filter((id): id is number => typeof id === 'number'),
  )
}

/**
 * Compares every synced document with Watcher. Drift (an edit made in Watcher's UI, a member
 * removed, an object deleted) is repaired by queueing the document's sync again, so billing's
 * state is pushed with the usual retries. Objects that exist only in Watcher are reported, never
 * deleted. The report is stored in `reconcile-reports`.
 */
export async function reconcile(
  payload: Payload,
  { api, cause = 'reconcile' }: { api: () => WatcherApi; cause?: string },
): Promise<ReconcileReport> {
  // before the try: a Watcher that is not configured is the caller's error (503), not a report
  const ctx: SyncContext = { payload, api: api() }
  const repaired: NonNullable<ReconcileReport['repaired']> = []
  const watcherOnly: NonNullable<ReconcileReport['watcherOnly']> = []
  let error: string | null = null
  try {
    const req = await createLocalReq({}, payload)
    for (const collection of ['subscriptions', 'organizations', 'users'] as const) {
      for (const id of await syncedIds(payload, collection)) {
        const result = await checks[collection](ctx, id, { dryRun: true })
        if (result.skipped || result.differences.length === 0) continue
        repaired.push({
          collection,
          documentId: id,
          label: result.label,
          differences: result.differences.join('\n'),
        })
        await enqueueSync(req, {
          collection,
          id,
          action: 'upsert',
          label: result.label,
          cause,
          force: true,
        })
      }
    }
    const organizations = await claimed(payload, 'organizations')
    for (const organization of await ctx.api.listOrganizations()) {
      if (!organization.isDefault && !organizations.has(organization.id)) {
        watcherOnly.push({
          kind: 'organization',
          watcherId: organization.id,
          title: organization.title,
        })
      }
    }
    const users = await claimed(payload, 'users')
    for (const user of await ctx.api.listUsers()) {
      if (!user.isAdmin && !users.has(user.id))
        watcherOnly.push({ kind: 'user', watcherId: user.id, title: user.login })
    }
    const presets = await claimed(payload, 'subscriptions')
    const retired = await retiredPresetIds(payload)
    for (const preset of await ctx.api.listPresets()) {
      if (
        !preset.isDefault &&
        !preset.deleted &&
        !presets.has(preset.id) &&
        !retired.has(preset.id)
      ) {
        watcherOnly.push({ kind: 'preset', watcherId: preset.id, title: preset.title })
      }
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught)
  }
  const outcome = error
    ? 'error'
    : repaired.length > 0 || watcherOnly.length > 0
      ? 'drift'
      : 'in_line'
  const summary = error
    ? `Could not finish: ${error}`
    : `${repaired.length} repaired, ${watcherOnly.length} only in Watcher`
  return payload.create({
    collection: 'reconcile-reports',
    data: { outcome, summary, finishedAt: new Date().toISOString(), repaired, watcherOnly, error },
    overrideAccess: true,
    depth: 0,
  })
}
