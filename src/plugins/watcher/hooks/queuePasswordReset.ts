import type { CollectionBeforeOperationHook } from 'payload'
import type { User } from '../../../payload-types'
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
  if (operation !== 'resetPassword') return args
  const data = (args as { data?: { token?: unknown; password?: unknown } }).data
  if (
    typeof data?.token !== 'string' ||
    typeof data.password !== 'string' ||
    data.password.length === 0
  )
    return args
  const user = await req.payload.db.findOne<User>({
    collection: 'users',
    where: {
      and: [
        { resetPasswordToken: { equals: data.token } },
        { resetPasswordExpiration: { greater_than: new Date().toISOString() } },
      ],
    },
    req,
  })
  if (!user) return args
  if (!isMirroredUser(user) && !user.watcher?.remoteId) return args
  await enqueueSync(req, {
    collection: 'users',
    id: user.id,
    action: 'upsert',
    label: user.login,
    password: sealPassword(data.password, req.payload.secret),
    cause: `${user.email} (password reset by e-mail)`,
    // the user document itself does not change: deliver even though it is marked synced
    force: true,
  })
  return args
}
