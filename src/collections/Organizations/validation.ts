import type {
  RelationshipFieldManyValidation,
  RelationshipFieldSingleValidation,
  SelectFieldSingleValidation,
  TextFieldSingleValidation,
} from 'payload'
import { relationId } from '../../fields/relationId'
import { missingRelationIds } from '../../fields/relationExists'
import { isIanaTimeZone } from '../../billing/timezone'

const MAX_DEPTH = 64

/** No self-parenting and no cycles: walk up from the new parent and never meet this document. */
export const validateParent: RelationshipFieldSingleValidation = async (value, { id, req }) => {
  const parentId = relationId(value)
  if (value === null || value === undefined || value === '') return true
  if (parentId === undefined) return 'The parent must be an organization id.'
  if (id !== undefined && parentId === Number(id)) {
    return 'An organization cannot be its own parent.'
  }
  let current: number | undefined = parentId
  for (let depth = 0; current !== undefined && depth < MAX_DEPTH; depth += 1) {
    const organization = await req.payload
      .findByID({
        collection: 'organizations',
        id: current,
        depth: 0,
        select: { parent: true },
        disableErrors: true,
        req,
      })
      .catch(() => null)
    if (!organization) {
      return current === parentId ? `No organization with id ${parentId}.` : true
    }
    const next = relationId(organization.parent)
    if (id !== undefined && next === Number(id)) {
      return 'This parent would make a cycle: the chosen parent is a subsidiary of this organization.'
    }
    current = next
  }
  return current === undefined ? true : 'The hierarchy is too deep (more than 64 levels).'
}

export const validatePayer: SelectFieldSingleValidation = (value, { siblingData }) => {
  if (value !== 'self' && value !== 'parent') return 'Payer must be "self" or "parent".'
  const parent = (siblingData as { parent?: unknown }).parent
  if (value === 'parent' && (parent === null || parent === undefined || parent === '')) {
    return 'Payer "parent" needs a parent organization: choose a parent or set the payer to "self".'
  }
  return true
}

export const validateAdministrator: RelationshipFieldSingleValidation = async (value, { req }) => {
  const missing = await missingRelationIds(req, 'users', value)
  return missing.length > 0 ? `No user with id ${missing.join(', ')}.` : true
}

export const validateAvailableSubscriptions: RelationshipFieldManyValidation = async (
  value,
  { req },
) => {
  const missing = await missingRelationIds(req, 'subscriptions', value)
  return missing.length > 0 ? `No subscription with id ${missing.join(', ')}.` : true
}

export const validateDefaultSubscription: RelationshipFieldSingleValidation = async (
  value,
  { req, siblingData },
) => {
  const defaultId = relationId(value)
  if (value === null || value === undefined || value === '') return true
  const missing = await missingRelationIds(req, 'subscriptions', value)
  if (missing.length > 0) return `No subscription with id ${missing.join(', ')}.`
  const available = (
    (siblingData as { availableSubscriptions?: unknown[] }).availableSubscriptions ?? []
  ).map((entry) => relationId(entry))
  return available.includes(defaultId)
    ? true
    : 'The default subscription must be one of the available subscriptions.'
}

export const validateTimezone: TextFieldSingleValidation = (value) =>
  typeof value === 'string' && isIanaTimeZone(value)
    ? true
    : `Unknown time zone "${String(value ?? '')}": use an IANA name such as UTC or Europe/Berlin.`
