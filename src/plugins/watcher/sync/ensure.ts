/**
 * Find-or-create of the Watcher object behind a billing document. Idempotent: the stored Watcher
 * id first, then the natural key (a preset's or organization's title, a user's login), and only
 * then a create, so a create whose answer was lost is found again instead of made twice. Each
 * runs under a per-document lock, and creates the object with what it needs on its own (no nested
 * ensure inside the lock, so the locks cannot deadlock).
 */
import { randomBytes } from 'node:crypto'
import { isWatcherError } from '../client'
import { syncLocks } from './keyedMutex'
import { isConflict, linkedCopy, PermanentSyncError, type SyncContext } from './context'
import { isMirroredUser, presetSettings, userState } from './desired'
import { firstOrganizationLocale, loadOrganization, loadSubscription, loadUser } from './load'
import { relationId } from '../../../fields/relationId'
import { newestQueuedPassword } from './passwords'
import { readUpdatedAt, writeSyncState } from './state'

/**
 * A create that timed out may still be applied by Watcher a moment later. Until it has had time
 * to land (twice the client timeout), nobody creates the same object again; the job retries and
 * then finds it by its natural key.
 */
const unconfirmedCreates = new Map<string, number>()

async function createOnce<T>(key: string, create: () => Promise<T>): Promise<T> {
  const until = unconfirmedCreates.get(key)
  if (until !== undefined && Date.now() < until) {
    throw new Error(
      `an earlier create of ${key} got no answer; waiting for Watcher to settle before looking again`,
    )
  }
  unconfirmedCreates.delete(key)
  try {
    return await create()
  } catch (error) {
    if (isWatcherError(error) && error.status === null) {
      unconfirmedCreates.set(
        key,
        Date.now() + 2 * (Number(process.env.WATCHER_TIMEOUT_MS) || 10_000),
      )
    }
    throw error
  }
}

async function claimedIds(
  ctx: SyncContext,
  collection: 'subscriptions' | 'organizations' | 'users',
): Promise<Set<number>> {
  const docs = await ctx.payload.db.find<{
    id: number
    watcher?: { remoteId?: number | null } | null
  }>({
    collection,
    where: { 'watcher.remoteId': { exists: true } },
    select: { watcher: true },
    limit: 0,
    pagination: false,
    req: {},
  })
  return new Set(
    docs.docs
      .map((doc) => doc.watcher?.remoteId)
      .filter((id): id is number => typeof id === 'number'),
  )
}

export async function ensurePreset(ctx: SyncContext, subscriptionId: number): Promise<number> {
  return syncLocks.run(`ensure:subscriptions:${subscriptionId}`, async () => {
    const subscription = await loadSubscription(ctx.payload, subscriptionId)
    if (!subscription)
      throw new PermanentSyncError(`subscription ${subscriptionId} no longer exists`)
    const linked = await linkedCopy(subscription.watcher?.id, (id) => ctx.api.getPreset(id))
    if (linked && !linked.deleted) return linked.id
    const claimed = await claimedIds(ctx, 'subscriptions')
    const presets = await ctx.api.listPresets()
    const found = presets.find(
      (preset) =>
        preset.title === subscription.title &&
        !preset.deleted &&
        !preset.isDefault &&
        !claimed.has(preset.id),
    )
    const preset =
      found ??
      (await createOnce(`preset of subscription ${subscriptionId}`, () =>
        ctx.api.createPreset(presetSettings(subscription)),
      ))
    await writeSyncState(ctx.payload, 'subscriptions', subscriptionId, { id: preset.id })
    return preset.id
  })
}

export async function ensureOrganization(
  ctx: SyncContext,
  organizationId: number,
): Promise<number> {
  return syncLocks.run(`ensure:organizations:${organizationId}`, async () => {
    const organization = await loadOrganization(ctx.payload, organizationId)
    if (!organization)
      throw new PermanentSyncError(`organization ${organizationId} no longer exists`)
    const linked = await linkedCopy(organization.watcher?.id, (id) => ctx.api.getOrganization(id))
    if (linked) return linked.id
    const claimed = await claimedIds(ctx, 'organizations')
    const found = (await ctx.api.listOrganizations()).find(
      (candidate) =>
        candidate.title === organization.title &&
        !candidate.isDefault &&
        !claimed.has(candidate.id),
    )
    const created =
      found ??
      (await createOnce(`organization ${organizationId}`, () =>
        ctx.api.createOrganization({
          title: organization.title,
          cameraLimit: organization.cameraLimit ?? null,
          userLimit: organization.userLimit ?? null,
        }),
      ))
    await writeSyncState(ctx.payload, 'organizations', organizationId, { id: created.id })
    return created.id
  })
}

/** An unguessable password for a Watcher user whose own password is no longer queued. */
const placeholderPassword = () => `${randomBytes(24).toString('base64url')}-Aa1`

/** A billing user's login taken in Watcher by a user billing did not create. */
export class LoginClashError extends PermanentSyncError {}

/**
 * The Watcher user of a billing user: the stored id, else one found by login only when it is
 * billing's own (a create of ours whose answer was lost: `createRequestedAt`) or an operator chose
 * to adopt it (`adoptWatcherUser`), else a new one. A user that merely shares the login is never
 * taken over (its owner would lose its password and memberships): the sync fails and says so.
 * Answers the Watcher id and whether an existing user was adopted.
 */
export async function ensureUser(ctx: SyncContext, userId: number): Promise<number> {
  return (await ensureUserWithOrigin(ctx, userId)).id
}

export async function ensureUserWithOrigin(
  ctx: SyncContext,
  userId: number,
): Promise<{ id: number; adopted?: string }> {
  return syncLocks.run(`ensure:users:${userId}`, async () => {
    const user = await loadUser(ctx.payload, userId)
    if (!user) throw new PermanentSyncError(`user ${userId} no longer exists`)
    if (!isMirroredUser(user))
      throw new PermanentSyncError(`user ${user.login} is staff and is not mirrored into Watcher`)
    const linked = await linkedCopy(user.watcher?.id, (id) => ctx.api.getUser(id))
    if (linked) return { id: linked.id }
    const chosenByOperator =
      (user as { adoptWatcherUser?: boolean | null }).adoptWatcherUser === true
    const ours = Boolean(user.watcher?.createRequestedAt)
    const existingWithLogin = async () => {
      const found = await ctx.api.findUserByLogin(user.login)
      if (!found) return null
      if (found.isAdmin) {
        throw new PermanentSyncError(
          `login "${user.login}" belongs to a Watcher administrator; billing will not take it over: choose another login`,
        )
      }
      if (!chosenByOperator && !ours) {
        throw new LoginClashError(
          `login "${user.login}" already belongs to Watcher user ${found.id}, which billing did not create: choose another login, or an operator can tick "Adopt the existing Watcher user" if it is the same person`,
        )
      }
      return found
    }
    const adopted = (watcherId: number) =>
      chosenByOperator
        ? `adopted existing Watcher user ${watcherId} (an operator's choice)`
        : undefined
    const link = async (watcherId: number) => {
      await writeSyncState(ctx.payload, 'users', userId, { id: watcherId, createRequestedAt: null })
      if (chosenByOperator) {
        // the same updatedAt: the sync compares it to tell whether the document changed meanwhile
        const updatedAt = await readUpdatedAt(ctx.payload, 'users', userId)
        await ctx.payload.db.updateOne({
          collection: 'users',
          id: userId,
          data: { adoptWatcherUser: false, ...(updatedAt ? { updatedAt } : {}) },
          returning: false,
          req: {},
        })
      }
    }

    const found = await existingWithLogin()
    if (found) {
      await link(found.id)
      return { id: found.id, adopted: adopted(found.id) }
    }
    const queued = await newestQueuedPassword(ctx.payload, userId)
    const state = userState(user, await firstOrganizationLocale(ctx.payload, user))
    // Join a billing organization at creation rather than Watcher's Default organization.
    const firstOrganization = relationId(user.memberships?.[0]?.organization)
    const organizationId = firstOrganization
      ? ((await loadOrganization(ctx.payload, firstOrganization))?.watcher?.id ?? undefined)
      : undefined
    // before the create: should its answer be lost, the user found next time is ours
    await writeSyncState(ctx.payload, 'users', userId, {
      createRequestedAt: new Date().toISOString(),
    })
    let watcherUser
    try {
      watcherUser = await createOnce(`user ${userId}`, () =>
        ctx.api.createUser({
          login: state.login,
          password: queued?.plain ?? placeholderPassword(),
          name: state.name,
          email: state.email,
          disabled: state.disabled,
          locale: state.locale,
          organizationId,
        }),
      )
    } catch (error) {
      if (!isConflict(error)) throw error
      // Watcher answered: the login was taken before our create, so the user is not ours
      await writeSyncState(ctx.payload, 'users', userId, { createRequestedAt: null })
      const existing = await existingWithLogin()
      if (!existing) throw error
      await link(existing.id)
      return { id: existing.id, adopted: adopted(existing.id) }
    }
    await link(watcherUser.id)
    return { id: watcherUser.id }
  })
}
