import {
  APIError,
  ValidationError,
  type CollectionBeforeOperationHook,
  type CollectionBeforeValidateHook,
  type PayloadRequest,
} from 'payload'
import { manageableOrganizationIds } from '../../../access/manageableOrganizations'
import { hasRole, isStaff } from '../../../access/roles'
import { relationId } from '../../../fields/relationId'
import type { User } from '../../../payload-types'
import { memberPermissions } from '../administratorMemberships'

type Membership = NonNullable<User['memberships']>[number]
type Permission = (typeof memberPermissions)[number]

const PERMISSION_DEFAULTS: Record<Permission, boolean> = {
  canViewStreams: true,
  canEditStreams: false,
  canEditUsers: false,
  canViewStats: false,
}

/** A 403 that names the field and says why (REST and GraphQL both carry the message). */
export function refuse(field: string, message: string): never {
  throw new APIError(`${field}: ${message}`, 403, [{ path: field, message }], true)
}

const permissionOf = (membership: Partial<Membership> | undefined, permission: Permission): boolean =>
  membership?.[permission] === undefined || membership?.[permission] === null
    ? PERMISSION_DEFAULTS[permission]
    : membership[permission] === true

const samePermissions = (a: Partial<Membership> | undefined, b: Partial<Membership> | undefined) =>
  memberPermissions.every((permission) => permissionOf(a, permission) === permissionOf(b, permission))

function membershipKey(memberships: unknown): string {
  if (!Array.isArray(memberships)) return '[]'
  return JSON.stringify(
    memberships
      .map((membership) => [
        relationId(membership?.organization),
        ...memberPermissions.map((permission) => permissionOf(membership, permission)),
      ])
      .sort((a, b) => Number(a[0]) - Number(b[0])),
  )
}

/**
 * Role rules for every write made on behalf of a user: subscribers never change a role; only the
 * admin grants or takes the admin role. Writes made by billing itself (no user) are trusted.
 */
export const guardRoleAndMemberships: CollectionBeforeValidateHook<User> = ({ data, originalDoc, req, operation }) => {
  if (!data || !req.user) return data
  const roleChanged = data.role !== undefined && data.role !== (originalDoc?.role ?? undefined)
  if (!isStaff(req.user)) {
    const acceptable = operation === 'create' ? data.role === undefined || data.role === 'subscriber' : !roleChanged
    if (!acceptable) refuse('role', 'only the operator sets roles')
    return data
  }
  if (!hasRole(req.user, 'admin')) {
    const grantsAdmin = data.role === 'admin' && roleChanged
    const touchesAdmin = operation === 'update' && originalDoc?.role === 'admin' && roleChanged
    if (grantsAdmin || touchesAdmin) refuse('role', 'only the admin grants or takes the admin role')
  }
  return data
}

/** Fields a member manager may send when creating a user (anything else only with an empty value). */
const CREATE_FIELDS = new Set(['login', 'name', 'email', 'password', 'memberships', 'role'])

const isEmpty = (value: unknown) => value === undefined || value === null || value === false || value === ''

function same(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  return JSON.stringify(a) === JSON.stringify(b)
}

async function administeredOrganizations(req: PayloadRequest, userId: number | string | undefined) {
  if (userId === undefined) return []
  const found = await req.payload.find({
    collection: 'organizations',
    where: { administrator: { equals: userId } },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { title: true },
    overrideAccess: true,
    req,
  })
  return found.docs.map((doc) => ({ id: Number(doc.id), title: doc.title }))
}

/** The organization's `userLimit` must leave room for one more member. */
async function checkUserLimit(req: PayloadRequest, organizationId: number): Promise<void> {
  const organization = await req.payload.findByID({
    collection: 'organizations',
    id: organizationId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    select: { title: true, userLimit: true },
    req,
  })
  if (!organization || typeof organization.userLimit !== 'number') return
  const { totalDocs } = await req.payload.count({
    collection: 'users',
    where: { 'memberships.organization': { equals: organizationId } },
    overrideAccess: true,
    req,
  })
  if (totalDocs >= organization.userLimit) {
    throw new ValidationError({
      collection: 'users',
      errors: [
        {
          path: 'memberships',
          message: `"${organization.title}" already has ${totalDocs} of its ${organization.userLimit} users: remove a member first, or ask the operator to raise the limit.`,
        },
      ],
    })
  }
}

/**
 * A member manager (a subscriber with canEditUsers, or administering a parent) writing another
 * user: creates only subscribers whose memberships are all in organizations it manages, and
 * changes only those memberships of a member. Memberships elsewhere are kept as they are
 * (hidden from the manager when read), the role and the profile are not its to change.
 * Answers the data to write (the memberships merged with those the manager does not manage).
 */
async function checkManagerWrite(
  req: PayloadRequest,
  operation: 'create' | 'update',
  data: Partial<User>,
  originalDoc: User | undefined,
): Promise<Partial<User>> {
  const managed = await manageableOrganizationIds(req)
  if (managed.length === 0) refuse('memberships', 'you do not manage the users of any organization')

  if (operation === 'create') {
    for (const [field, value] of Object.entries(data)) {
      if (!CREATE_FIELDS.has(field) && !isEmpty(value)) refuse(field, 'only the operator sets this field')
    }
    if (data.role !== undefined && data.role !== 'subscriber') refuse('role', 'only the operator sets roles')
    const memberships = Array.isArray(data.memberships) ? data.memberships : []
    if (memberships.length === 0) {
      refuse('memberships', 'a new user needs a membership in an organization whose users you manage')
    }
    for (const membership of memberships) {
      const organizationId = relationId(membership?.organization as never)
      if (organizationId === undefined) continue // the field validation names it
      if (!managed.includes(organizationId)) {
        refuse('memberships', `you do not manage the users of organization ${organizationId}`)
      }
    }
    const added = new Set(
      memberships.map((m) => relationId(m?.organization as never)).filter((id): id is number => id !== undefined),
    )
    for (const organizationId of added) await checkUserLimit(req, organizationId)
    return data
  }

  // not one of the manager's members (staff, or elsewhere): the access rules answer 403 / 404
  const memberOfManaged = (originalDoc?.memberships ?? []).some((m) =>
    managed.includes(relationId(m.organization as never) ?? -1),
  )
  if (!originalDoc || originalDoc.role !== 'subscriber' || !memberOfManaged) return data
  for (const [field, value] of Object.entries(data)) {
    if (field === 'memberships' || field === 'id') continue
    if (
      field === 'password' ? !isEmpty(value) : !same(value, (originalDoc as unknown as Record<string, unknown>)[field])
    ) {
      if (field === 'role') refuse('role', 'only the operator sets roles')
      refuse(field, "you can change another user's memberships only; the user changes its own profile")
    }
  }
  if (data.memberships === undefined) return data
  if (!Array.isArray(data.memberships)) return data // the field validation answers

  const original = originalDoc.memberships ?? []
  const originalByOrganization = new Map(original.map((m) => [relationId(m.organization as never), m]))
  const result: Membership[] = []
  for (const membership of data.memberships) {
    const organizationId = relationId(membership?.organization as never)
    if (organizationId === undefined || managed.includes(organizationId)) {
      result.push(membership)
      continue
    }
    // a membership the manager does not manage: only ever sent back unchanged
    const before = originalByOrganization.get(organizationId)
    if (!before) refuse('memberships', `you do not manage the users of organization ${organizationId}`)
    if (!samePermissions(before, membership)) {
      refuse('memberships', `you do not manage the users of organization ${organizationId}`)
    }
  }
  for (const membership of original) {
    const organizationId = relationId(membership.organization as never)
    if (organizationId === undefined || !managed.includes(organizationId)) result.push(membership)
  }

  const resultByOrganization = new Map(result.map((m) => [relationId(m?.organization as never), m]))
  for (const organization of await administeredOrganizations(req, originalDoc.id)) {
    const membership = resultByOrganization.get(organization.id)
    if (!membership || !memberPermissions.every((permission) => permissionOf(membership, permission))) {
      refuse(
        'memberships',
        `${originalDoc.login} administers "${organization.title}" and keeps every permission there; the operator can name another administrator`,
      )
    }
  }
  for (const organizationId of resultByOrganization.keys()) {
    if (organizationId !== undefined && !originalByOrganization.has(organizationId))
      await checkUserLimit(req, organizationId)
  }
  return { ...data, memberships: result }
}

/**
 * Field access would silently drop a forbidden role or membership change; this hook runs first,
 * on the data as sent, for every write on behalf of a user (REST, GraphQL, the Local API with
 * overrideAccess: false) and refuses with a 403 that names the field. Trusted Local API writes
 * (overrideAccess) are left to the hook above.
 */
export const guardRoleAndMembershipsBeforeOperation: CollectionBeforeOperationHook<'users'> = async ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (overrideAccess || !req.user || (operation !== 'create' && operation !== 'update')) return args
  const data = (args as { data?: Partial<User> }).data
  if (!data) return args
  const id = (args as { id?: number | string }).id
  const staff = isStaff(req.user)

  if (operation === 'update' && id === undefined) {
    // bulk update: no single original to compare with; staff only may send these fields
    if (data.role === undefined && data.memberships === undefined && !('password' in data)) return args
    if (!staff || (data.role === 'admin' && !hasRole(req.user, 'admin'))) {
      refuse(data.role !== undefined ? 'role' : 'memberships', 'change it one user at a time')
    }
    return args
  }

  if (!staff) {
    // field access would drop these silently; say so instead (issue 12: keys only from staff)
    const keyFields = data as { enableAPIKey?: unknown; apiKey?: unknown; apiKeyIndex?: unknown }
    if (keyFields.enableAPIKey === true) refuse('enableAPIKey', 'API keys are issued by the operator')
    if (typeof keyFields.apiKey === 'string' && keyFields.apiKey !== '') refuse('apiKey', 'API keys are issued by the operator')
    if (typeof keyFields.apiKeyIndex === 'string' && keyFields.apiKeyIndex !== '') refuse('apiKeyIndex', 'API keys are issued by the operator')
  }

  let originalDoc: User | undefined
  if (operation === 'update') {
    // the adapter directly: the read hooks hide memberships in other organizations
    originalDoc =
      (await req.payload.db.findOne<User>({ collection: 'users', where: { id: { equals: id } }, req })) ?? undefined
    if (!originalDoc) return args // the operation answers 404 / 403 itself
  }

  if (staff) {
    guardRoleAndMemberships({ data: { ...data }, originalDoc, req, operation } as Parameters<
      typeof guardRoleAndMemberships
    >[0])
    return args
  }

  const ownProfile = operation === 'update' && String(originalDoc?.id) === String(req.user.id)
  if (ownProfile) {
    if (data.role !== undefined && data.role !== originalDoc?.role) refuse('role', 'only the operator sets roles')
    if (
      data.memberships !== undefined &&
      membershipKey(data.memberships) !== membershipKey(originalDoc?.memberships ?? [])
    ) {
      refuse('memberships', 'your own memberships are changed by another member who manages users, or by the operator')
    }
    if (data.disabled !== undefined && Boolean(data.disabled) !== Boolean(originalDoc?.disabled)) {
      refuse('disabled', 'only the operator disables users')
    }
    return args
  }
  const checked = await checkManagerWrite(req, operation, data, originalDoc)
  return { ...args, data: checked }
}
