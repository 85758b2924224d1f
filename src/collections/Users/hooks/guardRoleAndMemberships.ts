import {
  APIError,
  ValidationError,
  type CollectionBeforeOperationHook,
  type CollectionBeforeValidateHook,
  type PayloadRequest,
} from 'payload'
import { manageableOrganizationIds } from '../../../access/manageableOrganizations'
import { isStaff } from '../../../access/roles'
import {
  administratorKeepsEverything,
  managerCreate,
  managerUpdate,
  ownProfileRefusal,
  roleChangeRefusal,
  userLimitRefusal,
  type Refusal,
} from '../../../billing/membership'
import type { User } from '../../../payload-types'
import { findAll } from '../../../access/findAll'

/** A 403 that names the field and says why (REST and GraphQL both carry the message). */
export function refuse(field: string, message: string): never {
  throw new APIError(`${field}: ${message}`, 403, [{ path: field, message }], true)
}

const refuseIf = (refusal: Refusal | undefined) => {
  if (refusal) refuse(refusal.field, refusal.message)
}

const roleOf = (user: unknown) => (user as { role?: string | null } | null)?.role

/**
 * Role rules for every write made on behalf of a user: subscribers never change a role; only the
 * admin grants or takes the admin role. Writes made by billing itself (no user) are trusted.
 */
export const guardRoleAndMemberships: CollectionBeforeValidateHook<User> = ({
  data,
  originalDoc,
  req,
  operation,
}) => {
  if (!data || !req.user) return data
  refuseIf(
    roleChangeRefusal({
      actorRole: roleOf(req.user),
      operation: operation === 'create' ? 'create' : 'update',
      role: data.role,
      originalRole: originalDoc?.role,
    }),
  )
  return data
}

async function administeredOrganizations(req: PayloadRequest, userId: number) {
  const found = await findAll(req, 'organizations', {
    where: { administrator: { equals: userId } },
    select: { title: true },
    overrideAccess: true,
  })
  return found.map((doc) => ({ id: Number(doc.id), title: doc.title }))
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
  const message = userLimitRefusal(organization, totalDocs)
  if (message)
    throw new ValidationError({ collection: 'users', errors: [{ path: 'memberships', message }] })
}

/**
 * A member manager writing another user (billing/membership.ts decides what it may do): answers
 * the data to write, its memberships merged with those the manager does not manage.
 */
async function checkManagerWrite(
  req: PayloadRequest,
  operation: 'create' | 'update',
  data: Partial<User>,
  originalDoc: User | undefined,
): Promise<Partial<User>> {
  const managed = await manageableOrganizationIds(req)
  const decision =
    operation === 'create' || !originalDoc
      ? managerCreate(data, managed)
      : managerUpdate(data, originalDoc, managed)
  refuseIf(decision.refusal)
  if (decision.refusal) return data // refused above
  if (decision.administratorCheck && originalDoc) {
    const memberships = (decision.data.memberships ?? []) as NonNullable<User['memberships']>
    refuseIf(
      administratorKeepsEverything(
        originalDoc.login,
        memberships,
        await administeredOrganizations(req, originalDoc.id),
      ),
    )
  }
  for (const organizationId of decision.joined) await checkUserLimit(req, organizationId)
  return decision.data
}

/**
 * Field access would silently drop a forbidden role or membership change; this hook runs first,
 * on the data as sent, for every write on behalf of a user (REST, GraphQL, the Local API with
 * overrideAccess: false) and refuses with a 403 that names the field. Trusted Local API writes
 * (overrideAccess) are left to the hook above.
 */
export const guardRoleAndMembershipsBeforeOperation: CollectionBeforeOperationHook<
  'users'
> = async ({ args, operation, overrideAccess, req }) => {
  if (overrideAccess || !req.user || (operation !== 'create' && operation !== 'update')) return args
  const data = (args as { data?: Partial<User> }).data
  if (!data) return args
  const id = (args as { id?: number | string }).id
  const staff = isStaff(req.user)

  if (operation === 'update' && id === undefined) {
    // bulk update: no single original to compare with; staff only may send these fields
    if (data.role === undefined && data.memberships === undefined && !('password' in data))
      return args
    if (!staff || (data.role === 'admin' && roleOf(req.user) !== 'admin')) {
      refuse(data.role !== undefined ? 'role' : 'memberships', 'change it one user at a time')
    }
    return args
  }

  if (!staff) {
    // field access would drop these silently; say so instead (issue 12: keys only from staff)
    const keyFields = data as { enableAPIKey?: unknown; apiKey?: unknown; apiKeyIndex?: unknown }
    if (keyFields.enableAPIKey === true)
      refuse('enableAPIKey', 'API keys are issued by the operator')
    if (typeof keyFields.apiKey === 'string' && keyFields.apiKey !== '')
      refuse('apiKey', 'API keys are issued by the operator')
    if (typeof keyFields.apiKeyIndex === 'string' && keyFields.apiKeyIndex !== '')
      refuse('apiKeyIndex', 'API keys are issued by the operator')
  }

  let originalDoc: User | undefined
  if (operation === 'update') {
    // the adapter directly: the read hooks hide memberships in other organizations
    originalDoc =
      (await req.payload.db.findOne<User>({
        collection: 'users',
        where: { id: { equals: id } },
        req,
      })) ?? undefined
    if (!originalDoc) return args // the operation answers 404 / 403 itself
  }

  if (staff) {
    refuseIf(
      roleChangeRefusal({
        actorRole: roleOf(req.user),
        operation,
        role: data.role,
        originalRole: originalDoc?.role,
      }),
    )
    return args
  }

  if (operation === 'update' && originalDoc && String(originalDoc.id) === String(req.user.id)) {
    refuseIf(ownProfileRefusal(data, originalDoc))
    return args
  }
  const checked = await checkManagerWrite(req, operation, data, originalDoc)
  return { ...args, data: checked }
}
