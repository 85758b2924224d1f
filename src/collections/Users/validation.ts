import type { ArrayFieldValidation, TextFieldSingleValidation } from 'payload'
import { relationId } from '../../fields/relationId'
import { missingRelationIds } from '../../fields/relationExists'
import { requestMessages } from '../../i18n'

/** Watcher logins: letters, digits and . _ - @ (so an e-mail address works as a login). */
export const LOGIN_PATTERN = /^[A-Za-z0-9._@-]+$/

export const validateLogin: TextFieldSingleValidation = (value, { req }) => {
  const text = requestMessages(req).validation
  if (typeof value !== 'string' || value.length === 0) return text.loginRequired
  if (value.length > 64) return text.loginTooLong
  if (!LOGIN_PATTERN.test(value)) return text.loginCharacters
  return true
}

export const validateMemberships: ArrayFieldValidation = async (value, { req }) => {
  const text = requestMessages(req).validation
  const rows = Array.isArray(value) ? (value as { organization?: unknown }[]) : []
  const ids = rows.map((row) => relationId(row?.organization))
  if (ids.some((id) => id === undefined)) return text.membershipWithoutOrganization
  if (new Set(ids).size !== ids.length) return text.membershipTwice
  const missing = await missingRelationIds(req, 'organizations', ids)
  return missing.length > 0 ? text.noOrganization({ ids: missing.join(', ') }) : true
}
