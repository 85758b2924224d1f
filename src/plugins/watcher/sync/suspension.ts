/**
 * Suspension in Watcher (dunning, or an operator setting an organization's status to suspended).
 * What Watcher should hold is billing's state combined with the organizations' status; billing's
 * own settings (a user's `disabled`, its membership permissions) are never changed, so lifting a
 * suspension brings back exactly what billing says.
 *
 * - A user is disabled in Watcher when billing disables it, or when every organization it is a
 *   member of is suspended. A member of several organizations keeps its login while one of them
 *   is still active, and loses its permissions in the suspended ones only (v3: every permission
 *   false; v2 has no "view" flag, so the membership itself is removed until restoration).
 * - Recording stop (dunning's last stage, organization suspended with dunning stage
 *   `recording_stop`): the organization's enabled streams are disabled, each remembered by its
 *   camera key (never its name) before it is touched; restoration re-enables exactly those.
 */
import type { CollectionAfterChangeHook, Payload, PayloadRequest } from 'payload'
import type { Organization, User } from '../../../payload-types'
import { poolOf, withTransaction, type Sql } from '../../../db'
import type { MemberPermissions } from '../client'
import { payloadSecrets } from '../../../config/serverSecret'
import { cameraKeyIdOf, cameraKeysOf } from '../usage/cameraKey'
import {
  deleteStreamHolds,
  heldCameraKeys,
  insertStreamHold,
  mirroredMembersOf,
  mirroredMembersOfEach,
  rekeyStreamHolds,
  type KeyPair,
} from '../store'
import type { SyncContext } from './context'
import type { UserState } from './desired'
import { relationId } from '../../../fields/relationId'
import { causeOf, type SyncJobInput } from './enqueue'
import { SYNC_TASK, WATCHER_QUEUE } from '../../../jobs/queues'
import { queueJobs } from '../../../jobs/store'

export const NO_PERMISSIONS: MemberPermissions = {
  canViewStreams: false,
  canEditStreams: false,
  canEditUsers: false,
  canViewStats: false,
}

type Memberships = NonNullable<User['memberships']>

/** The suspended ones among the organizations of these memberships (billing ids). */
export async function suspendedOrganizations(
  payload: Payload,
  memberships: Memberships,
): Promise<Set<number>> {
  const ids = memberships
    .map((membership) => relationId(membership.organization))
    .filter((id): id is number => id !== undefined)
  if (ids.length === 0) return new Set()
  const found = await payload.find({
    collection: 'organizations',
    where: { and: [{ id: { in: ids } }, { status: { equals: 'suspended' } }] },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    select: {},
  })
  return new Set(found.docs.map((doc) => doc.id))
}

/** Billing's user state, disabled too when every organization it belongs to is suspended. */
export function withSuspension(
  state: UserState,
  memberships: Memberships,
  suspended: Set<number>,
): UserState {
  const organizations = memberships
    .map((membership) => relationId(membership.organization))
    .filter((id): id is number => id !== undefined)
  const everyOneSuspended =
    organizations.length > 0 && organizations.every((id) => suspended.has(id))
  return everyOneSuspended && !state.disabled ? { ...state, disabled: true } : state
}

// --- recording stop ------------------------------------------------------------------------

/** True while dunning's recording stop applies to the organization. */
export function recordingStopped(
  organization: Pick<Organization, 'status'> & { dunningStage?: string | null },
): boolean {
  return organization.status === 'suspended' && organization.dunningStage === 'recording_stop'
}

/**
 * Brings the organization's streams in line with the recording stop: while it applies, every
 * enabled stream is held (by camera key) and disabled; once it no longer applies, the held
 * streams are enabled again and released. A stream disabled before the stop is never held, so it
 * stays disabled. Answers the differences (counts only: stream names stay out of billing).
 */
export async function syncRecordingStop(
  ctx: SyncContext,
  organization: Organization,
  watcherId: number,
  dryRun: boolean,
): Promise<string[]> {
  const stopped = recordingStopped(organization)
  // holds are written outside any transaction: remembered before the stream is disabled, a crash
  // in between leaves a hold, never a lost stream
  const sql = poolOf(ctx.payload)
  let held = await heldCameraKeys(sql, organization.id)
  if (!stopped && held.size === 0) return []
  const secrets = payloadSecrets(ctx.payload)
  const keyId = cameraKeyIdOf(secrets.current)
  const streams: { name: string; disabled: boolean; key: string }[] = []
  // while PAYLOAD_SECRET is rotated: holds made with the previous secret take the current key first
  const rekeys: KeyPair[] = []
  for await (const stream of ctx.api.streams({ organizationId: watcherId })) {
    if (stream.organizationId !== null && stream.organizationId !== watcherId) continue
    const keys = cameraKeysOf(stream.name, secrets)
    streams.push({ name: stream.name, disabled: stream.disabled, key: keys.current })
    if (keys.previous !== null && held.has(keys.previous))
      rekeys.push({ previous: keys.previous, current: keys.current })
  }
  if (rekeys.length > 0 && !dryRun) {
    await rekeyStreamHolds(sql, rekeys, keyId)
    held = await heldCameraKeys(sql, organization.id)
  } else if (rekeys.length > 0) {
    held = new Set([...held, ...rekeys.map((pair) => pair.current)])
  }
  if (stopped) {
    const recording = streams.filter((stream) => !stream.disabled)
    if (recording.length === 0) return []
    if (dryRun) return [`${recording.length} stream(s) recording during the recording stop`]
    for (const stream of recording) {
      await insertStreamHold(sql, organization.id, stream.key, keyId)
      await ctx.api.updateStream(stream.name, { disabled: true })
    }
    return [`${recording.length} stream(s) disabled (recording stop)`]
  }
  const stoppedByDunning = streams.filter((stream) => held.has(stream.key))
  const toEnable = stoppedByDunning.filter((stream) => stream.disabled)
  if (dryRun) return [`${held.size} stream(s) stopped by dunning not yet restored`]
  for (const stream of toEnable) await ctx.api.updateStream(stream.name, { disabled: false })
  // every hold goes: re-enabled now, or the stream is gone or moved to another organization
  await deleteStreamHolds(sql, organization.id, [...held])
  return [`${toEnable.length} stream(s) re-enabled (recording stop lifted)`]
}

// --- queueing ------------------------------------------------------------------------------

/**
 * Queues the Watcher sync of every mirrored member of the organization (in `req`'s
 * transaction): their state in Watcher depends on the organization's status. Forced, since the
 * users' own documents did not change.
 */
export async function enqueueMemberSyncs(
  req: PayloadRequest,
  organizationId: number,
  cause: string,
): Promise<number> {
  return withTransaction(req, async ({ sql }) => {
    const members = await mirroredMembersOf(sql, organizationId)
    return queueJobs(
      sql,
      SYNC_TASK,
      WATCHER_QUEUE,
      members.map((member): SyncJobInput => ({
        collection: 'users',
        id: member.id,
        action: 'upsert',
        label: member.login,
        cause,
        force: true,
      })),
    )
  })
}

/** An organization whose state in Watcher changed, for queueOrganizationSyncs. */
export interface OrganizationSync {
  organization: number
  /** Its title, for the log. */
  label: string
  cause: string
  /** Its mirrored members too (its status changed: their state in Watcher follows it). */
  members: boolean
}

/**
 * Queues, in one insert inside the caller's transaction, the forced Watcher sync of each
 * organization given, each followed by those of its mirrored members where asked (their lookup is
 * one query for all): what enqueueSync and enqueueMemberSyncs do for one, for a dunning batch.
 */
export async function queueOrganizationSyncs(sql: Sql, syncs: OrganizationSync[]): Promise<number> {
  const members = await mirroredMembersOfEach(
    sql,
    syncs.filter((sync) => sync.members).map((sync) => sync.organization),
  )
  const inputs = syncs.flatMap((sync): SyncJobInput[] => [
    {
      collection: 'organizations',
      id: sync.organization,
      action: 'upsert',
      label: sync.label,
      cause: sync.cause,
      force: true,
    },
    ...(sync.members ? (members.get(sync.organization) ?? []) : []).map((member): SyncJobInput => ({
      collection: 'users',
      id: member.id,
      action: 'upsert',
      label: member.login,
      cause: sync.cause,
      force: true,
    })),
  ])
  return queueJobs(sql, SYNC_TASK, WATCHER_QUEUE, inputs)
}

/**
 * An operator suspends or reactivates an organization, or changes its language: its members
 * follow in Watcher (their state depends on its status; those without a language of their own
 * speak its language).
 */
export const enqueueMembersOnChange: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  operation,
  req,
}) => {
  if (operation !== 'update') return doc
  if (previousDoc?.status !== doc.status) {
    await enqueueMemberSyncs(
      req,
      doc.id,
      `organization ${doc.status === 'suspended' ? 'suspended' : 'reactivated'} by ${causeOf(req)}`,
    )
  } else if ((previousDoc?.locale ?? null) !== (doc.locale ?? null)) {
    await enqueueMemberSyncs(req, doc.id, `organization language changed by ${causeOf(req)}`)
  }
  return doc
}
