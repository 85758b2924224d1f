import type { CollectionAfterChangeHook, CollectionConfig, Config, Field, Plugin } from 'payload'
import { hasRole } from '../../access/roles'
import { staffFieldOnly } from '../../access/staffFieldOnly'
import { watcherSyncStateField } from '../../fields/watcherSyncState'
import { DunningStreamHolds } from './collections/DunningStreamHolds'
import { ReconcileReports } from './collections/ReconcileReports'
import { SyncEvents, type SyncedCollection } from './collections/SyncEvents'
import { watcherEndpoints } from './endpoints'
import { capturePassword } from './hooks/capturePassword'
import { causeOf, enqueueOnChange, enqueueOnDelete, enqueueSync, markPending, rememberWatcherState } from './hooks/enqueueSync'
import { refuseDeleteWithCameras } from './hooks/refuseDeleteWithCameras'
import { enqueueMembersOnStatusChange } from './sync/suspension'
import { resolveOptions, setWatcherOptions, type WatcherPluginOptions } from './options'
import { reconcileTask } from './reconcile/task'
import { syncTask } from './sync/task'
import { usageEndpoint } from './usage/endpoint'
import { usageCountsEndpoint } from './usage/counts'
import { usageCollectTask } from './usage/task'

export type { WatcherPluginOptions } from './options'
export { causeOf, enqueueSync } from './hooks/enqueueSync'
export { enqueueMemberSyncs } from './sync/suspension'

const labels: Record<SyncedCollection, string> = {
  subscriptions: 'preset',
  organizations: 'organization',
  users: 'user',
}

/**
 * A billing user whose login already exists in Watcher (made there, not by billing) is never taken
 * over by a sync: its first sync fails with the clash named. An operator who knows the two are the
 * same person ticks this, and the next sync adopts that Watcher user (recorded in Sync events).
 */
const adoptWatcherUserField: Field = {
  name: 'adoptWatcherUser',
  type: 'checkbox',
  label: 'Adopt the existing Watcher user with this login',
  defaultValue: false,
  access: { create: staffFieldOnly, update: staffFieldOnly, read: staffFieldOnly },
  admin: {
    position: 'sidebar',
    description:
      'Only when the Watcher user with this login is this person: its password, e-mail and memberships become billing’s. Cleared once adopted.',
  },
}

function withSync(collection: CollectionConfig, slug: SyncedCollection): CollectionConfig {
  const hooks = collection.hooks ?? {}
  return {
    ...collection,
    fields: [...collection.fields, ...(slug === 'users' ? [adoptWatcherUserField] : []), watcherSyncStateField(labels[slug])],
    hooks: {
      ...hooks,
      beforeChange: [...(slug === 'users' ? [capturePassword] : []), ...(hooks.beforeChange ?? []), markPending],
      afterChange: [...(hooks.afterChange ?? []), enqueueOnChange(slug), ...(slug === 'organizations' ? [enqueueMembersOnStatusChange] : [])],
      beforeDelete: [...(slug === 'organizations' ? [refuseDeleteWithCameras] : []), ...(hooks.beforeDelete ?? []), rememberWatcherState(slug)],
      afterDelete: [...(hooks.afterDelete ?? []), enqueueOnDelete(slug)],
    },
  }
}

/** A service's settings are part of every preset that uses it: re-sync those subscriptions. */
const resyncSubscriptionsOfService: CollectionAfterChangeHook = async ({ doc, previousDoc, req, operation }) => {
  if (operation !== 'update') return doc
  const setting = ['archiveDays', 'eventArchiveDays', 'storageGb', 'analytics', 'kind'] as const
  if (setting.every((key) => doc[key] === previousDoc?.[key])) return doc
  const users = await req.payload.find({
    collection: 'subscriptions',
    where: { services: { contains: doc.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    req,
    select: { title: true },
  })
  for (const subscription of users.docs) {
    await enqueueSync(req, { collection: 'subscriptions', id: subscription.id, action: 'upsert', label: subscription.title, cause: causeOf(req), force: true })
  }
  return doc
}

/**
 * The Watcher plugin: sync state on subscriptions, organizations and users; hooks that queue a
 * sync job in the same transaction as each change; the sync and reconcile tasks; the
 * `sync-events` log and `reconcile-reports`; the /api/watcher/* operations.
 */
export const watcherPlugin =
  (pluginOptions: WatcherPluginOptions = {}): Plugin =>
  (config: Config): Config => {
    const options = resolveOptions(pluginOptions)
    setWatcherOptions(options)
    const collections = (config.collections ?? []).map((collection) => {
      if (collection.slug === 'subscriptions' || collection.slug === 'organizations' || collection.slug === 'users') {
        return withSync(collection, collection.slug)
      }
      if (collection.slug === 'services') {
        return { ...collection, hooks: { ...collection.hooks, afterChange: [...(collection.hooks?.afterChange ?? []), resyncSubscriptionsOfService] } }
      }
      return collection
    })
    return {
      ...config,
      collections: [...collections, SyncEvents, ReconcileReports, DunningStreamHolds],
      endpoints: [...(config.endpoints ?? []), ...watcherEndpoints, usageEndpoint, usageCountsEndpoint],
      jobs: { ...config.jobs, tasks: [...(config.jobs?.tasks ?? []), syncTask(options), reconcileTask(options), usageCollectTask(options.usageCron)] },
    }
  }
