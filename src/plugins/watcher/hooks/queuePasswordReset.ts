import type { CollectionBeforeOperationHook } from 'payload'
import { passwordResetUser } from '../../../access/passwordResetUser'
import { sealPassword } from '../secrets'
import { isMirroredUser } from '../sync/desired'
import { enqueueSync } from '../sync/enqueue'

/**
 * Users: Payload's resetPassword operation writes the new hash straight to the database, so no
 * beforeChange/afterChange hook sees the new password. This hook runs inside the operation's
 * transaction, before the write: it finds the user the token belongs to (the same query the
 * operation makes) and queues the Watcher sync with the password sealed, as for any other change.
 * An invalid token finds nobody and queues nothing; a failure later in the operation rolls the job
 * back with it.
 */
export const queueSyncOnPasswordReset: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const reset = await passwordResetUser(operation, args, req)
  if (!reset) return args
  const { user, password } = reset
  if (!isMirroredUser(user) && !user.watcher?.remoteId) return args
  await enqueueSync(req, {
    collection: 'users',
    id: user.id,
    action: 'upsert',
    label: user.login,
    password: sealPassword(password, req.payload.secret),
    cause: `${user.email} (password reset by e-mail)`,
    // the user document itself does not change: deliver even though it is marked synced
    force: true,
  })
  return args
}
