import type { CollectionBeforeOperationHook } from 'payload'
import { passwordResetUser } from '../../../access/passwordResetUser'
import { revokeSessionsAndApiKey } from './revokeAccessOnSecurityChange'

/**
 * Payload's resetPassword operation ends the user's sessions itself but keeps its API key: the key
 * is removed here, inside the operation's transaction, before the operation reads the user it
 * writes back. An invalid token finds nobody. (The Watcher plugin queues the new password's sync in a hook of its
 * own.)
 */
export const revokeAccessOnPasswordReset: CollectionBeforeOperationHook<'users'> = async ({
  args,
  operation,
  req,
}) => {
  const reset = await passwordResetUser(operation, args, req)
  if (reset) await revokeSessionsAndApiKey(req, reset.user.id)
  return args
}
