import type { MemberPermissions, UserUpdate } from '../client'
import { isWatcherError } from '../client'
import { linkedCopy, orNull, PermanentSyncError, type SyncContext } from './context'
import {
  isMirroredUser,
  memberPermissions,
  samePermissions,
  userDifferences,
  userState,
} from './desired'
import { ensureOrganization, ensureUserWithOrigin } from './ensure'
import { firstOrganizationLocale, loadOrganization, loadUser } from './load'
import { relationId } from '../../../fields/relationId'
import { clearQueuedPasswords, newestQueuedPassword } from './passwords'
import { writeSyncState } from './state'
import { NO_PERMISSIONS, suspendedOrganizations, withSuspension } from './suspension'
import { deletedResult, missingInWatcher, type DocumentSync } from './result'

/**
 * User → user: login, password (the newest one queued), name, email, disabled, and memberships
 * with their permission flags equal to billing's (added, changed, removed).
 */
export const syncUser: DocumentSync = async (ctx, id, { dryRun = false } = {}) => {
  const user = await loadUser(ctx.payload, id)
  if (!user) return deletedResult(id)
  const label = user.login
  if (!isMirroredUser(user)) {
    // Staff are not Watcher users; a former subscriber's Watcher user goes away.
    const stored = user.watcher?.id ?? null
    if (stored && !dryRun) {
      await removeUser(ctx, stored)
      await writeSyncState(ctx.payload, 'users', id, { id: null })
    }
    await clearQueuedPasswords(ctx.payload, id)
    return {
      watcherId: null,
      label,
      differences: stored ? ['staff user removed from Watcher'] : [],
      skipped: stored ? undefined : 'staff',
    }
  }

  let watcherId: number
  let adopted: string | undefined
  if (dryRun) {
    const current = await linkedCopy(user.watcher?.id, (watcherId) => ctx.api.getUser(watcherId))
    if (!current) return missingInWatcher(user.watcher?.id, label, 'user')
    watcherId = current.id
  } else {
    ;({ id: watcherId, adopted } = await ensureUserWithOrigin(ctx, id))
  }

  const current = await ctx.api.getUser(watcherId)
  // billing's state combined with the suspension of its organizations (see suspension.ts)
  const suspended = await suspendedOrganizations(ctx.payload, user.memberships ?? [])
  const desired = withSuspension(
    userState(user, await firstOrganizationLocale(ctx.payload, user)),
    user.memberships ?? [],
    suspended,
  )
  const differences = userDifferences(current, desired)
  if (adopted) differences.unshift(adopted)
  const queued = dryRun ? null : await newestQueuedPassword(ctx.payload, id)
  if (!dryRun && (differences.length > 0 || queued)) {
    const update: UserUpdate = {}
    if (current.login !== desired.login) update.login = desired.login
    if ((current.name ?? null) !== desired.name) update.name = desired.name
    if ((current.email ?? null) !== desired.email) update.email = desired.email
    if (current.disabled !== desired.disabled) update.disabled = desired.disabled
    // v2 has no language: its client never reads one (undefined), and it is not sent
    if (current.locale !== undefined && current.locale !== desired.locale)
      update.locale = desired.locale
    if (queued) update.password = queued.plain
    await ctx.api.updateUser(watcherId, update)
  }

  differences.push(
    ...(await syncMemberships(
      ctx,
      watcherId,
      current.organizationIds,
      user.memberships ?? [],
      suspended,
      dryRun,
    )),
  )
  if (queued) await clearQueuedPasswords(ctx.payload, id, queued.jobId)
  return { watcherId, label, differences }
}

async function syncMemberships(
  ctx: SyncContext,
  watcherUserId: number,
  currentOrganizationIds: number[],
  memberships: NonNullable<import('../../../payload-types').User['memberships']>,
  suspended: Set<number>,
  dryRun: boolean,
): Promise<string[]> {
  // v2 has no "can view streams" flag (every member can): compare the others only.
  const compareViewStreams = ctx.api.version !== 'v2'
  const wanted = new Map<number, MemberPermissions>()
  for (const membership of memberships) {
    const organizationId = relationId(membership.organization)
    if (!organizationId) continue
    // suspended: no permission at all (v2 cannot take away viewing: not a member until restored)
    if (suspended.has(organizationId) && ctx.api.version === 'v2') continue
    const watcherOrganizationId = dryRun
      ? ((await loadOrganization(ctx.payload, organizationId))?.watcher?.id ?? null)
      : await ensureOrganization(ctx, organizationId)
    if (watcherOrganizationId)
      wanted.set(
        watcherOrganizationId,
        suspended.has(organizationId) ? NO_PERMISSIONS : memberPermissions(membership),
      )
  }
  const current = new Map<number, MemberPermissions>()
  for (const organizationId of currentOrganizationIds) {
    const members = await orNull(() => ctx.api.listMembers(organizationId))
    const member = members?.find((candidate) => candidate.userId === watcherUserId)
    if (member) current.set(organizationId, member.permissions)
  }
  const differences: string[] = []
  for (const [organizationId, permissions] of wanted) {
    const now = current.get(organizationId)
    const same =
      now &&
      samePermissions(
        compareViewStreams ? now : { ...now, canViewStreams: permissions.canViewStreams },
        permissions,
      )
    if (same) continue
    differences.push(
      now
        ? `permissions in organization ${organizationId}`
        : `not a member of organization ${organizationId}`,
    )
    if (!dryRun) await ctx.api.putMember(organizationId, watcherUserId, permissions)
  }
  for (const organizationId of current.keys()) {
    if (wanted.has(organizationId)) continue
    differences.push(`member of organization ${organizationId} in Watcher only`)
    if (!dryRun) {
      try {
        await ctx.api.removeMember(organizationId, watcherUserId)
      } catch (error) {
        if (!(isWatcherError(error) && error.status === 404)) throw error
      }
    }
  }
  return differences
}

/** The user was deleted in billing (or became staff): delete the Watcher user. */
export async function removeUser(
  ctx: SyncContext,
  watcherId: number | null,
  login?: string,
): Promise<void> {
  let id = watcherId
  if (!id && login) {
    const found = await ctx.api.findUserByLogin(login)
    if (found?.isAdmin)
      throw new PermanentSyncError(`login "${login}" belongs to a Watcher administrator`)
    id = found?.id ?? null
  }
  if (!id) return
  try {
    await ctx.api.deleteUser(id)
  } catch (error) {
    if (!(isWatcherError(error) && error.status === 404)) throw error
  }
}
