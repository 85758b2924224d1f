import type { ArrayFieldValidation, TextFieldSingleValidation } from 'payload'
import { relationId } from '../../fields/relationId'
import { missingRelationIds } from '../../fields/relationExists'

/** Watcher logins: letters, digits and . _ - @ (so an e-mail address works as a login). */
export const LOGIN_PATTERN = /^[A-Za-z0-9._@-]+$/

export const validateLogin: TextFieldSingleValidation = (value) => {
  if (typeof value !== 'string' || value.length === 0) return 'A login is required.'
  if (value.length > 64) return 'A login is at most 64 characters.'
  if (!LOGIN_PATTERN.test(value)) {
    return 'A login may contain only letters, digits and . _ - @ (Watcher accepts nothing else).'
  }
  return true
}

export const validateMemberships: ArrayFieldValidation = async (value, { req }) => {
  const rows = Array.isArray(value) ? (value as { organization?: unknown }[]) : []
  const ids = rows.map((row) => relationId(row?.organization))
  if (ids.some((id) => id === undefined)) return 'Each membership needs an organization.'
  if (new Set(ids).size !== ids.length) return 'An organization appears twice in the memberships.'
  const missing = await missingRelationIds(req, 'organizations', ids)
  return missing.length > 0 ? `No organization with id ${missing.join(', ')}.` : true
}
