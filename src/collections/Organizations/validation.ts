import type {
  RelationshipFieldManyValidation,
  RelationshipFieldSingleValidation,
  SelectFieldSingleValidation,
  TextFieldSingleValidation,
} from 'payload'
import { relationId } from '../../fields/relationId'
import { missingRelationIds } from '../../fields/relationExists'
import { isIanaTimeZone } from '../../billing/timezone'
import { requestMessages } from '../../i18n'

const MAX_DEPTH = 64

/** No self-parenting and no cycles: walk up from the new parent and never meet this document. */
export const validateParent: RelationshipFieldSingleValidation = async (value, { id, req }) => {
  const text = requestMessages(req).validation
  const parentId = relationId(value)
  if (value === null || value === undefined || value === '') return true
  if (parentId === undefined) return text.parentNotAnId
  if (id !== undefined && parentId === Number(id)) return text.ownParent
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
      return current === parentId ? text.noOrganization({ ids: String(parentId) }) : true
    }
    const next = relationId(organization.parent)
    if (id !== undefined && next === Number(id)) {
      return text.parentCycle
    }
    current = next
  }
  return current === undefined ? true : text.hierarchyTooDeep
}

export const validatePayer: SelectFieldSingleValidation = (value, { req, siblingData }) => {
  const text = requestMessages(req).validation
  if (value !== 'self' && value !== 'parent') return text.payerValue
  const parent = (siblingData as { parent?: unknown }).parent
  if (value === 'parent' && (parent === null || parent === undefined || parent === '')) {
    return text.payerNeedsParent
  }
  return true
}

export const validateAdministrator: RelationshipFieldSingleValidation = async (value, { req }) => {
  const missing = await missingRelationIds(req, 'users', value)
  return missing.length > 0
    ? requestMessages(req).validation.noUser({ ids: missing.join(', ') })
    : true
}

export const validateAvailableSubscriptions: RelationshipFieldManyValidation = async (
  value,
  { req },
) => {
  const missing = await missingRelationIds(req, 'subscriptions', value)
  return missing.length > 0
    ? requestMessages(req).validation.noSubscription({ ids: missing.join(', ') })
    : true
}

export const validateDefaultSubscription: RelationshipFieldSingleValidation = async (
  value,
  { req, siblingData },
) => {
  const text = requestMessages(req).validation
  const defaultId = relationId(value)
  if (value === null || value === undefined || value === '') return true
  const missing = await missingRelationIds(req, 'subscriptions', value)
  if (missing.length > 0) return text.noSubscription({ ids: missing.join(', ') })
  const available = (
    (siblingData as { availableSubscriptions?: unknown[] }).availableSubscriptions ?? []
  ).map((entry) => relationId(entry))
  return available.includes(defaultId) ? true : text.defaultNotAvailable
}

export const validateTimezone: TextFieldSingleValidation = (value, { req }) =>
  typeof value === 'string' && isIanaTimeZone(value)
    ? true
    : requestMessages(req).validation.unknownTimeZone({ value: String(value ?? '') })
