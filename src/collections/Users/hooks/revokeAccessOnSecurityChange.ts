import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'
import { withTransaction } from '../../../db'
import type { User } from '../../../payload-types'

const PASSWORD_CHANGED = 'usersPasswordChanged'

/** Remembers, for the hook below, which users this request gives a new password. */
export const notePasswordChange: CollectionBeforeChangeHook<User> = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const password = (data as { password?: unknown }).password
  if (
    operation === 'update' &&
    originalDoc &&
    typeof password === 'string' &&
    password.length > 0
  ) {
    const changed = (req.context[PASSWORD_CHANGED] as Set<string> | undefined) ?? new Set<string>()
    changed.add(String(originalDoc.id))
    req.context[PASSWORD_CHANGED] = changed
  }
  return data
}

/** Ends every session and removes the API key of a user, in the request's transaction. */
export async function revokeSessionsAndApiKey(
  req: PayloadRequest,
  id: number | string,
): Promise<void> {
  // plain SQL: the adapter's updateOne of a partial user with its sessions array is an upsert
  // that fails on the user's required columns
  await withTransaction(req, async ({ sql }) => {
    await sql.query('delete from users_sessions where _parent_id = $1', [id])
    await sql.query(
      'update users set enable_a_p_i_key = false, api_key = null, api_key_index = null where id = $1',
      [id],
    )
  })
}

/**
 * A user who is disabled, demoted (any change of role) or given a new password loses every session
 * (JWTs carry a session id that must still be on the user) and its API key at once; so does a
 * reset by e-mail (see revokeAccessOnPasswordReset). A deleted user has nothing left to present.
 */
export const revokeAccessOnSecurityChange: CollectionAfterChangeHook<User> = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (operation !== 'update' || !previousDoc) return doc
  const disabled = doc.disabled === true && previousDoc.disabled !== true
  const roleChanged = doc.role !== previousDoc.role
  const passwordChanged =
    (req.context[PASSWORD_CHANGED] as Set<string> | undefined)?.has(String(doc.id)) === true
  if (disabled || roleChanged || passwordChanged) await revokeSessionsAndApiKey(req, doc.id)
  return doc
}
