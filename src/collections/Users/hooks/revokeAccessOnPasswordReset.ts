import type { CollectionBeforeOperationHook } from 'payload'
import type { User } from '../../../payload-types'
import { revokeSessionsAndApiKey } from './revokeAccessOnSecurityChange'

/**
 * Payload's resetPassword operation ends the user's sessions itself but keeps its API key: the key
 * is removed here, inside the operation's transaction, before the operation reads the user it
 * writes back. It finds the user the token belongs to with the same query the operation makes; an
 * invalid token finds nobody. (The Watcher plugin queues the new password's sync in a hook of its
 * own.)
 */
export const revokeAccessOnPasswordReset: CollectionBeforeOperationHook<'users'> = async ({
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
  if (user) await revokeSessionsAndApiKey(req, user.id)
  return args
}
