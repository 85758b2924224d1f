import type { CollectionBeforeOperationHook } from 'payload'
import { enqueueSync } from '../../../plugins/watcher/hooks/enqueueSync'
import { sealPassword } from '../../../plugins/watcher/secrets'
import { isMirroredUser } from '../../../plugins/watcher/sync/desired'
import type { User } from '../../../payload-types'
import { revokeSessionsAndApiKey } from './revokeAccessOnSecurityChange'

/**
 * Payload's resetPassword operation writes the new hash straight to the database: no
 * beforeChange/afterChange hook runs, so the Watcher plugin would never see the new password.
 * This hook runs inside the operation's transaction, before the write: it finds the user the
 * token belongs to (the same query the operation makes) and queues the Watcher sync with the
 * password sealed, exactly as the plugin does for any other change. An invalid token finds
 * nobody and queues nothing; a failure later in the operation rolls the job back with it.
 * Payload ends the user's sessions itself but keeps its API key: the key is removed here too, before
 * the operation reads the user it writes back.
 */
export const syncResetPassword: CollectionBeforeOperationHook<'users'> = async ({ args, operation, req }) => {
  if (operation !== 'resetPassword') return args
  const data = (args as { data?: { token?: unknown; password?: unknown } }).data
  if (typeof data?.token !== 'string' || typeof data.password !== 'string' || data.password.length === 0) return args
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
  await revokeSessionsAndApiKey(req, user.id)
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
