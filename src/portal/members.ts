/**
 * Member management of the subscriber portal: every read and write goes through the Local API
 * as the signed-in user (`overrideAccess: false`), so the users collection's access rules and its
 * write guard decide what a member manager may do. The sync plugin's hooks carry each change to
 * Watcher.
 */
import { randomBytes } from 'node:crypto'
import {
  APIError,
  createLocalReq,
  Forbidden,
  getLocalI18n,
  NotFound,
  ValidationError,
  type Payload,
} from 'payload'
import { manageableOrganizationIds } from '../access/manageableOrganizations'
import { membershipIn, membershipsWith, permissionsAsStored } from '../billing/membership'
import { relationId } from '../fields/relationId'
import { CLIENT_ADDRESS } from '../operations'
import {
  INVITATION_EXPIRATION_MS,
  PASSWORD_EMAIL_CONTEXT,
  type PasswordEmailContext,
} from '../collections/Users/passwordEmail'
import { DEFAULT_LOCALE, messages, type Locale } from '../i18n'
import type { Organization, User } from '../payload-types'
import type { Permissions } from './memberOptions'
import { requestAs } from './reader'

export { MIN_PASSWORD_LENGTH, PERMISSION_LABELS, PERMISSIONS } from './memberOptions'
export type { Permission, Permissions } from './memberOptions'

const asUser = (user: User) => ({ user, overrideAccess: false as const })

/**
 * A write as `user` whose validation messages (the collection's and Payload's own) come in the
 * portal's language: the request carries that language as Payload's.
 */
async function writeAs(payload: Payload, user: User, locale: Locale) {
  const i18n = await getLocalI18n({ config: payload.config, language: locale })
  const req = await createLocalReq(
    { user: { ...user, collection: 'users' }, req: { i18n } },
    payload,
  )
  return { req, overrideAccess: false as const }
}

/** The organizations whose users `user` manages (canEditUsers, or administering a parent). */
export async function managedOrganizationIds(payload: Payload, user: User): Promise<number[]> {
  return manageableOrganizationIds(await requestAs(payload, user))
}

export interface Member {
  id: number
  login: string
  name: string | null
  email: string
  permissions: Permissions
  /** The organization's administrator: always a member with every permission. */
  administrator: boolean
}

export function permissionsOf(
  user: Pick<User, 'memberships'>,
  organizationId: number,
): Permissions | null {
  const membership = membershipIn(user.memberships, organizationId)
  return membership ? permissionsAsStored(membership) : null
}

/** The organization's members, as the signed-in user may read them. */
export async function organizationMembers(
  payload: Payload,
  user: User,
  organization: Organization,
): Promise<Member[]> {
  const found = await payload.find({
    collection: 'users',
    ...asUser(user),
    where: { 'memberships.organization': { equals: organization.id } },
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'login',
    select: { login: true, name: true, email: true, memberships: true },
  })
  const administratorId = relationId(organization.administrator)
  return found.docs.flatMap((doc) => {
    const permissions = permissionsOf(doc as User, organization.id)
    if (!permissions) return []
    return [
      {
        id: doc.id,
        login: doc.login,
        name: doc.name ?? null,
        email: doc.email,
        permissions,
        administrator: doc.id === administratorId,
      },
    ]
  })
}

export async function readableMember(
  payload: Payload,
  user: User,
  organizationId: number,
  id: string,
): Promise<User | null> {
  if (!/^\d{1,15}$/.test(id)) return null
  const doc = await payload
    .findByID({
      collection: 'users',
      id: Number(id),
      ...asUser(user),
      depth: 0,
      disableErrors: true,
    })
    .catch(() => null)
  return doc && permissionsOf(doc, organizationId) ? doc : null
}

/** An error of an operation, in words for the form (in `locale`); the field it concerns when known. */
export function describeError(
  error: unknown,
  locale: Locale = DEFAULT_LOCALE,
): { message: string; field?: string } {
  const t = messages(locale).portal.errors
  if (error instanceof ValidationError) {
    const first = error.data?.errors?.[0] as { path?: string; message?: string } | undefined
    return { message: first?.message ?? error.message, field: first?.path }
  }
  if (error instanceof Forbidden) return { message: t.forbidden }
  if (error instanceof NotFound) return { message: t.notManageable }
  if (error instanceof APIError && error.isPublic) {
    const first = (error.data as { path?: string; message?: string }[] | null)?.[0]
    return first?.message
      ? { message: first.message, field: first.path }
      : { message: error.message }
  }
  return { message: t.serverError }
}

export interface NewMember {
  organizationId: number
  login: string
  name: string
  email: string
  /** Absent for an invitation: a random password nobody knows until the invitee sets one. */
  password?: string
  permissions: Permissions
}

export interface CreatedMember {
  id: number
  login: string
  invited: boolean
  /** The user was created but its invitation e-mail could not be sent. */
  emailFailed?: boolean
}

/**
 * Creates a subscriber who is a member of one organization. An invitation creates it with a
 * random password and sends Payload's forgotten-password e-mail worded as an invitation, so the
 * invitee chooses its own password (the reset reaches Watcher through the sync).
 */
export async function createMember(
  payload: Payload,
  user: User,
  input: NewMember,
  options: { organizationTitle: string; locale?: Locale },
): Promise<CreatedMember> {
  const invited = input.password === undefined
  const password = input.password ?? randomBytes(32).toString('base64url')
  const created = await payload.create({
    collection: 'users',
    ...(await writeAs(payload, user, options.locale ?? DEFAULT_LOCALE)),
    data: {
      login: input.login,
      name: input.name || null,
      email: input.email,
      password,
      role: 'subscriber',
      memberships: [{ organization: input.organizationId, ...input.permissions }],
    },
    depth: 0,
  })
  let emailFailed = false
  if (invited) {
    try {
      await sendPasswordEmail(payload, created.email, {
        invitation: { organization: options.organizationTitle, invitedBy: user.name || user.login },
      })
    } catch (error) {
      // the user exists: say so, and let the manager send the e-mail again from its page
      payload.logger.error(
        { err: error, user: created.id },
        'portal: the invitation e-mail could not be sent',
      )
      emailFailed = true
    }
  }
  return { id: created.id, login: created.login, invited, emailFailed }
}

/** Payload's forgotten-password e-mail (an invitation when `context.invitation` is set). */
export async function sendPasswordEmail(
  payload: Payload,
  email: string,
  context: PasswordEmailContext,
  clientAddress?: string,
): Promise<void> {
  await payload.forgotPassword({
    collection: 'users',
    data: { email },
    ...(context.invitation ? { expiration: INVITATION_EXPIRATION_MS } : {}),
    context: {
      [PASSWORD_EMAIL_CONTEXT]: context,
      ...(clientAddress ? { [CLIENT_ADDRESS]: clientAddress } : {}),
    },
  })
}

export async function updateMemberPermissions(
  payload: Payload,
  user: User,
  member: User,
  organizationId: number,
  permissions: Permissions,
  locale: Locale = DEFAULT_LOCALE,
): Promise<void> {
  await payload.update({
    collection: 'users',
    id: member.id,
    ...(await writeAs(payload, user, locale)),
    data: { memberships: membershipsWith(member.memberships, organizationId, permissions) },
    depth: 0,
  })
}

/**
 * Removes the member from the organization. A member left without any organization is deleted
 * (in billing and, through the sync, in Watcher): it could do nothing in either, and deleting
 * frees its login and e-mail for a later invitation. The access rules allow that delete only
 * when every membership of the user is in organizations the manager manages; otherwise the
 * membership alone is removed.
 */
export async function removeMember(
  payload: Payload,
  user: User,
  member: User,
  organizationId: number,
): Promise<'deleted' | 'removed'> {
  const remaining = membershipsWith(member.memberships, organizationId, null)
  if (remaining.length === 0) {
    try {
      await payload.delete({ collection: 'users', id: member.id, ...asUser(user), depth: 0 })
      return 'deleted'
    } catch (error) {
      // memberships the manager cannot see, or an administrator: fall back to the membership
      if (!(error instanceof Forbidden) && !(error instanceof NotFound)) throw error
    }
  }
  await payload.update({
    collection: 'users',
    id: member.id,
    ...asUser(user),
    data: { memberships: remaining },
    depth: 0,
  })
  return 'removed'
}
