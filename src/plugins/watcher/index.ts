import type { CollectionAfterChangeHook, CollectionConfig, Config, Field, Plugin } from 'payload'
import { staffFieldOnly } from '../../access/staffFieldOnly'
import { watcherSyncStateField } from '../../fields/watcherSyncState'
import { inEveryLanguage, type AdminMessages } from '../../i18n'
import { ReconcileReports } from './collections/ReconcileReports'
import { StreamHolds } from './collections/StreamHolds'
import { SyncEvents, syncedCollections, type SyncedCollection } from './collections/SyncEvents'
import { watcherEndpoints } from './endpoints'
import { capturePassword } from './hooks/capturePassword'
import {
  enqueueOnChange,
  enqueueOnDelete,
  markPending,
  rememberWatcherState,
} from './hooks/syncOnChange'
import { queueSyncOnPasswordReset } from './hooks/queuePasswordReset'
import { refuseDeleteWithCameras } from './hooks/refuseDeleteWithCameras'
import { resolveOptions, type ResolvedWatcherOptions, type WatcherPluginOptions } from './options'
import { reconcileTask } from './reconcile/task'
import { causeOf, enqueueSync } from './sync/enqueue'
import { enqueueMembersOnChange } from './sync/suspension'
import { syncTask } from './sync/task'
import { usageEndpoints } from './usage/endpoints'
import { usageCollectTask } from './usage/task'

// What other domains may use of the integration (nothing deeper crosses into this folder).
export type { WatcherCollectionSlugs, WatcherPluginOptions } from './options'
export { watcherApi, WatcherNotConfigured } from './api'
export {
  createWatcherApi,
  isWatcherError,
  observeWatcherRequests,
  watcherApiOptionsFromEnv,
  WatcherError,
} from './client'
export type * from './client'
export { causeOf, enqueueSync, type SyncJobInput } from './sync/enqueue'
export {
  enqueueMemberSyncs,
  queueOrganizationSyncs,
  type OrganizationSync,
} from './sync/suspension'
export { isMirroredUser } from './sync/desired'
export {
  keyIdOf,
  open,
  openPassword,
  reseal,
  resealPassword,
  seal,
  sealedKeyId,
  sealPassword,
  type Resealed,
  type Secrets,
} from './secrets'
export { cameraKeyIdOf, cameraKeyOf, cameraKeysOf, type CameraKeys } from './usage/cameraKey'
export {
  collectUsage,
  UsageCollectionBusy,
  type CollectUsageOptions,
  type UsageCollectionResult,
} from './usage/collect'
export {
  labelCameraUsage,
  labelStreamHolds,
  rekeyCameraUsage,
  rekeyStreamHolds,
  type KeyPair,
} from './store'
export { STREAM_HOLDS_SLUG } from './collections/StreamHolds'

/** What each synced collection is in Watcher, as the `watcher` group's description says. */
const watcherDescriptions: Record<SyncedCollection, (admin: AdminMessages) => string> = {
  subscriptions: (admin) => admin.descriptions.watcherPreset,
  organizations: (admin) => admin.descriptions.watcherOrganization,
  users: (admin) => admin.descriptions.watcherUser,
}

/**
 * A billing user whose login already exists in Watcher (made there, not by billing) is never taken
 * over by a sync: its first sync fails with the clash named. An operator who knows the two are the
 * same person ticks this, and the next sync adopts that Watcher user (recorded in Sync events).
 */
const adoptWatcherUserField: Field = {
  name: 'adoptWatcherUser',
  type: 'checkbox',
  label: inEveryLanguage((admin) => admin.fields.adoptWatcherUser),
  defaultValue: false,
  access: { create: staffFieldOnly, update: staffFieldOnly, read: staffFieldOnly },
  admin: {
    position: 'sidebar',
    description: inEveryLanguage((admin) => admin.descriptions.adoptWatcherUser),
  },
}

function withSync(
  collection: CollectionConfig,
  role: SyncedCollection,
  options: ResolvedWatcherOptions,
): CollectionConfig {
  const hooks = collection.hooks ?? {}
  const users = role === 'users'
  const organizations = role === 'organizations'
  return {
    ...collection,
    fields: [
      ...collection.fields,
      ...(users ? [adoptWatcherUserField] : []),
      watcherSyncStateField(inEveryLanguage(watcherDescriptions[role])),
    ],
    hooks: {
      ...hooks,
      beforeOperation: [
        ...(hooks.beforeOperation ?? []),
        ...(users ? [queueSyncOnPasswordReset] : []),
      ],
      beforeChange: [
        ...(users ? [capturePassword] : []),
        ...(hooks.beforeChange ?? []),
        markPending,
      ],
      afterChange: [
        ...(hooks.afterChange ?? []),
        enqueueOnChange(role),
        ...(organizations ? [enqueueMembersOnChange] : []),
      ],
      beforeDelete: [
        ...(organizations ? [refuseDeleteWithCameras(options.api)] : []),
        ...(hooks.beforeDelete ?? []),
        rememberWatcherState(role),
      ],
      afterDelete: [...(hooks.afterDelete ?? []), enqueueOnDelete(role)],
    },
  }
}

/** A service's settings are part of every preset that uses it: re-sync those subscriptions. */
const resyncSubscriptionsOfService: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  req,
  operation,
}) => {
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
    await enqueueSync(req, {
      collection: 'subscriptions',
      id: subscription.id,
      action: 'upsert',
      label: subscription.title,
      cause: causeOf(req),
      force: true,
    })
  }
  return doc
}

/**
 * The Watcher plugin: sync state on subscriptions, organizations and users; hooks that queue a
 * sync job in the same transaction as each change; the sync, reconcile and usage collection
 * tasks; the `sync-events` log, `reconcile-reports` and the stream holds of a recording stop; the
 * /api/watcher/* and /api/usage/* operations. Everything it builds gets the resolved options
 * through its factory: nothing is kept in module state.
 */
export const watcherPlugin =
  (pluginOptions: WatcherPluginOptions = {}): Plugin =>
  (config: Config): Config => {
    const options = resolveOptions(pluginOptions)
    const slugs = options.collections
    const present = new Set((config.collections ?? []).map((collection) => collection.slug))
    for (const [role, slug] of Object.entries(slugs)) {
      if (!present.has(slug))
        throw new Error(
          `watcherPlugin: no collection "${slug}" (collections.${role}) in the config`,
        )
    }
    const roleOf = (slug: string): SyncedCollection | undefined =>
      syncedCollections.find((role) => slugs[role] === slug)
    const collections = (config.collections ?? []).map((collection) => {
      const role = roleOf(collection.slug)
      if (role) return withSync(collection, role, options)
      if (collection.slug === slugs.services) {
        return {
          ...collection,
          hooks: {
            ...collection.hooks,
            afterChange: [...(collection.hooks?.afterChange ?? []), resyncSubscriptionsOfService],
          },
        }
      }
      return collection
    })
    return {
      ...config,
      collections: [...collections, SyncEvents, ReconcileReports, StreamHolds],
      endpoints: [
        ...(config.endpoints ?? []),
        ...watcherEndpoints(options),
        ...usageEndpoints(options),
      ],
      jobs: {
        ...config.jobs,
        tasks: [
          ...(config.jobs?.tasks ?? []),
          syncTask(options),
          reconcileTask(options),
          usageCollectTask(options),
        ],
      },
    }
  }
