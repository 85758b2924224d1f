/**
 * Who may be a member of which organization with which permissions: the users' membership policy
 * in pure code (DESIGN.md sections 3 and 4). The users' hooks and the portal load what these
 * decisions need, ask here, and apply the answer.
 */
import { relationId, type RelationValue } from '../fields/relationId'

/** The four Watcher permissions of a membership, in the order Watcher and the forms show them. */
export const MEMBER_PERMISSIONS = [
  'canViewStreams',
  'canEditStreams',
  'canEditUsers',
  'canViewStats',
] as const
export type Permission = (typeof MEMBER_PERMISSIONS)[number]
export type Permissions = Record<Permission, boolean>

/** What a membership grants when a permission is not sent (the users collection's defaults). */
export const DEFAULT_PERMISSIONS: Readonly<Permissions> = Object.freeze({
  canViewStreams: true,
  canEditStreams: false,
  canEditUsers: false,
  canViewStats: false,
})

/** An organization's administrator holds every permission there. */
export const ALL_PERMISSIONS: Readonly<Permissions> = Object.freeze({
  canViewStreams: true,
  canEditStreams: true,
  canEditUsers: true,
  canViewStats: true,
})

/** A membership as it is sent or stored: any permission may be missing. */
export type MembershipLike = { organization?: RelationValue } & {
  [P in Permission]?: boolean | null
}

export type Role = 'admin' | 'accountant' | 'subscriber'

/** A refused write: the field it concerns and why (the caller answers 403 with both). */
export interface Refusal {
  field: string
  message: string
}

const refusal = (field: string, message: string): Refusal => ({ field, message })

/** A permission as a write will store it: unset takes the default, anything but `true` is false. */
export function permissionOf(
  membership: MembershipLike | undefined | null,
  permission: Permission,
): boolean {
  const value = membership?.[permission]
  return value === undefined || value === null ? DEFAULT_PERMISSIONS[permission] : value === true
}

/** The permissions a write will store for this membership (defaults where unset). */
export function permissionsAsSent(membership: MembershipLike | undefined | null): Permissions {
  return Object.fromEntries(
    MEMBER_PERMISSIONS.map((p) => [p, permissionOf(membership, p)]),
  ) as Permissions
}

/** The permissions of a stored membership: only a stored `true` grants. */
export function permissionsAsStored(membership: MembershipLike): Permissions {
  return Object.fromEntries(
    MEMBER_PERMISSIONS.map((p) => [p, membership[p] === true]),
  ) as Permissions
}

/** Whether two memberships grant the same (unset permissions compared as their defaults). */
export function samePermissions(
  a: MembershipLike | undefined | null,
  b: MembershipLike | undefined | null,
): boolean {
  return MEMBER_PERMISSIONS.every(
    (permission) => permissionOf(a, permission) === permissionOf(b, permission),
  )
}

/** Whether the membership grants every permission as a write will store it. */
export const hasAllPermissions = (membership: MembershipLike | undefined | null): boolean =>
  MEMBER_PERMISSIONS.every((permission) => permissionOf(membership, permission))

/** The memberships as a comparable key: order-free, unset permissions as their defaults. */
export function membershipKey(memberships: unknown): string {
  if (!Array.isArray(memberships)) return '[]'
  return JSON.stringify(
    (memberships as (MembershipLike | null | undefined)[])
      .map((membership) => [
        relationId(membership?.organization),
        ...MEMBER_PERMISSIONS.map((permission) => permissionOf(membership, permission)),
      ])
      .sort((a, b) => Number(a[0]) - Number(b[0])),
  )
}

/** The membership of `organizationId` among these, or undefined. */
export function membershipIn<M extends MembershipLike>(
  memberships: readonly M[] | null | undefined,
  organizationId: number,
) {
  return (memberships ?? []).find(
    (membership) => relationId(membership.organization) === organizationId,
  )
}

/**
 * Administrators are members (DESIGN.md section 4): each administered organization gets a
 * membership with all four permissions. Answers the same array when nothing had to change, so
 * a caller can skip the write.
 */
export function withAdministratorMemberships<M extends MembershipLike>(
  memberships: M[],
  administeredOrganizationIds: readonly number[],
): (M | ({ organization: number } & Permissions))[] {
  let changed = false
  const result: (M | ({ organization: number } & Permissions))[] = memberships.map((membership) => {
    const organizationId = relationId(membership.organization)
    if (organizationId === undefined || !administeredOrganizationIds.includes(organizationId))
      return membership
    if (MEMBER_PERMISSIONS.every((permission) => membership[permission] === true)) return membership
    changed = true
    return { ...membership, ...ALL_PERMISSIONS }
  })
  for (const organizationId of administeredOrganizationIds) {
    if (result.some((membership) => relationId(membership.organization) === organizationId))
      continue
    changed = true
    result.push({ organization: organizationId, ...ALL_PERMISSIONS })
  }
  return changed ? result : memberships
}

/**
 * Role rules for a write on behalf of a signed-in user: subscribers never set a role other than
 * their own (a new user they create is a subscriber); only the admin grants or takes the admin role.
 */
export function roleChangeRefusal(input: {
  actorRole: string | null | undefined
  operation: 'create' | 'update'
  role: string | null | undefined
  originalRole: string | null | undefined
}): Refusal | undefined {
  const { actorRole, operation, role, originalRole } = input
  const roleChanged = role !== undefined && role !== (originalRole ?? undefined)
  if (actorRole !== 'admin' && actorRole !== 'accountant') {
    const acceptable =
      operation === 'create' ? role === undefined || role === 'subscriber' : !roleChanged
    return acceptable ? undefined : refusal('role', 'only the operator sets roles')
  }
  if (actorRole === 'accountant') {
    const grantsAdmin = role === 'admin' && roleChanged
    const takesAdmin = operation === 'update' && originalRole === 'admin' && roleChanged
    if (grantsAdmin || takesAdmin)
      return refusal('role', 'only the admin grants or takes the admin role')
  }
  return undefined
}

/** A subscriber's write of its own user: the profile is its own, role, memberships and `disabled` are not. */
export function ownProfileRefusal(
  data: { role?: unknown; memberships?: unknown; disabled?: unknown },
  original: { role?: unknown; memberships?: unknown; disabled?: unknown },
): Refusal | undefined {
  if (data.role !== undefined && data.role !== original.role)
    return refusal('role', 'only the operator sets roles')
  if (
    data.memberships !== undefined &&
    membershipKey(data.memberships) !== membershipKey(original.memberships ?? [])
  ) {
    return refusal(
      'memberships',
      'your own memberships are changed by another member who manages users, or by the operator',
    )
  }
  if (data.disabled !== undefined && Boolean(data.disabled) !== Boolean(original.disabled)) {
    return refusal('disabled', 'only the operator disables users')
  }
  return undefined
}

/** Fields a member manager may send when creating a user (anything else only with an empty value). */
const MANAGER_CREATE_FIELDS = new Set(['login', 'name', 'email', 'password', 'memberships', 'role'])

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === false || value === ''

function same(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  return JSON.stringify(a) === JSON.stringify(b)
}

const notManaged = (organizationId: number) =>
  refusal('memberships', `you do not manage the users of organization ${organizationId}`)

/** A member manager's decision: refused, or the data to write and the organizations that gain a member. */
export type ManagerDecision<D> =
  | { refusal: Refusal }
  | { refusal?: undefined; data: D; joined: number[]; administratorCheck: boolean }

/**
 * A member manager (canEditUsers, or administering a parent; `managed` are the organizations it
 * manages) creating a user: only a subscriber, with memberships all in managed organizations.
 * `joined` are the organizations whose user limit must leave room for one more member.
 */
export function managerCreate<D extends object>(
  data: D,
  managed: readonly number[],
): ManagerDecision<D> {
  if (managed.length === 0)
    return { refusal: refusal('memberships', 'you do not manage the users of any organization') }
  for (const [field, value] of Object.entries(data)) {
    if (!MANAGER_CREATE_FIELDS.has(field) && !isEmpty(value)) {
      return { refusal: refusal(field, 'only the operator sets this field') }
    }
  }
  const { role, memberships: sent } = data as { role?: unknown; memberships?: unknown }
  if (role !== undefined && role !== 'subscriber')
    return { refusal: refusal('role', 'only the operator sets roles') }
  const memberships = (Array.isArray(sent) ? sent : []) as (MembershipLike | null)[]
  if (memberships.length === 0) {
    return {
      refusal: refusal(
        'memberships',
        'a new user needs a membership in an organization whose users you manage',
      ),
    }
  }
  for (const membership of memberships) {
    const organizationId = relationId(membership?.organization)
    if (organizationId === undefined) continue // the field validation names it
    if (!managed.includes(organizationId)) return { refusal: notManaged(organizationId) }
  }
  const joined = new Set(
    memberships
      .map((m) => relationId(m?.organization))
      .filter((id): id is number => id !== undefined),
  )
  return { data, joined: [...joined], administratorCheck: false }
}

interface OriginalUser {
  role?: string | null
  memberships?: MembershipLike[] | null
}

/**
 * A member manager updating another user. Only the memberships of its members (subscribers with a
 * membership it manages) are its to change; the profile and the role are not. Memberships in
 * organizations it does not manage (hidden from it when read) may only come back unchanged and
 * are kept as they are. Anyone else is left to the access rules (403 / 404): the data goes
 * through untouched. `administratorCheck` says the caller must then check, with
 * `administratorKeepsEverything`, the organizations the member administers.
 */
export function managerUpdate<D extends object>(
  data: D,
  original: OriginalUser,
  managed: readonly number[],
): ManagerDecision<D> {
  if (managed.length === 0)
    return { refusal: refusal('memberships', 'you do not manage the users of any organization') }
  const originalMemberships = original.memberships ?? []
  const memberOfManaged = originalMemberships.some((m) =>
    managed.includes(relationId(m.organization) ?? -1),
  )
  if (original.role !== 'subscriber' || !memberOfManaged)
    return { data, joined: [], administratorCheck: false }
  for (const [field, value] of Object.entries(data)) {
    if (field === 'memberships' || field === 'id') continue
    const before = (original as Record<string, unknown>)[field]
    if (field === 'password' ? !isEmpty(value) : !same(value, before)) {
      if (field === 'role') return { refusal: refusal('role', 'only the operator sets roles') }
      return {
        refusal: refusal(
          field,
          "you can change another user's memberships only; the user changes its own profile",
        ),
      }
    }
  }
  const sent = (data as { memberships?: unknown }).memberships
  if (sent === undefined || !Array.isArray(sent)) {
    // not sent, or malformed (the field validation answers)
    return { data, joined: [], administratorCheck: false }
  }

  const originalByOrganization = new Map(
    originalMemberships.map((m) => [relationId(m.organization), m]),
  )
  const result: MembershipLike[] = []
  for (const membership of sent as MembershipLike[]) {
    const organizationId = relationId(membership?.organization)
    if (organizationId === undefined || managed.includes(organizationId)) {
      result.push(membership)
      continue
    }
    // a membership the manager does not manage: only ever sent back unchanged
    const before = originalByOrganization.get(organizationId)
    if (!before || !samePermissions(before, membership))
      return { refusal: notManaged(organizationId) }
  }
  for (const membership of originalMemberships) {
    const organizationId = relationId(membership.organization)
    if (organizationId === undefined || !managed.includes(organizationId)) result.push(membership)
  }
  const joined = [...new Set(result.map((m) => relationId(m?.organization)))].filter(
    (id): id is number => id !== undefined && !originalByOrganization.has(id),
  )
  return { data: { ...data, memberships: result }, joined, administratorCheck: true }
}

/**
 * After a manager's change, the member still holds every permission in each organization it
 * administers (only the operator names another administrator).
 */
export function administratorKeepsEverything(
  login: string,
  memberships: readonly MembershipLike[],
  administered: readonly { id: number; title: string }[],
): Refusal | undefined {
  // with an organization twice (the field validation refuses it later), the last one counts
  const byOrganization = new Map(memberships.map((m) => [relationId(m?.organization), m]))
  for (const organization of administered) {
    const membership = byOrganization.get(organization.id)
    if (!membership || !hasAllPermissions(membership)) {
      return refusal(
        'memberships',
        `${login} administers "${organization.title}" and keeps every permission there; the operator can name another administrator`,
      )
    }
  }
  return undefined
}

/** An organization's `userLimit` must leave room for one more member; the message when not. */
export function userLimitRefusal(
  organization: { title: string; userLimit?: number | null },
  memberCount: number,
): string | undefined {
  if (typeof organization.userLimit !== 'number' || memberCount < organization.userLimit)
    return undefined
  return `"${organization.title}" already has ${memberCount} of its ${organization.userLimit} users: remove a member first, or ask the operator to raise the limit.`
}

/**
 * The memberships a manager sends to change (or, with `permissions` null, remove) the one of
 * `organizationId`; the others as it reads them (those it cannot see are kept by the write guard).
 */
export function membershipsWith(
  memberships: readonly MembershipLike[] | null | undefined,
  organizationId: number,
  permissions: Permissions | null,
): ({ organization: number } & Permissions)[] {
  const rest = (memberships ?? [])
    .filter((m) => relationId(m.organization) !== organizationId)
    .map((m) => ({ organization: relationId(m.organization)!, ...permissionsAsStored(m) }))
  return permissions ? [...rest, { organization: organizationId, ...permissions }] : rest
}
