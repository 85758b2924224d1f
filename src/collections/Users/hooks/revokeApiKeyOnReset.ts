import type { CollectionBeforeOperationHook } from 'payload'
import type { User } from '../../../payload-types'
import { revokeSessionsAndApiKey } from './revokeAccessOnSecurityChange'

/**
 * Payload's resetPassword ends every session itself but keeps the API key, and runs no change
 * hooks: a password reset by e-mail removes the key here, in the operation's transaction, before
 * the operation reads the user it writes back.
 */
export const revokeApiKeyOnReset: CollectionBeforeOperationHook<'users'> = async ({ args, operation, req }) => {
  if (operation !== 'resetPassword') return args
  const token = (args as { data?: { token?: unknown } }).data?.token
  if (typeof token !== 'string' || token.length === 0) return args
  const user = await req.payload.db.findOne<User>({
    collection: 'users',
    where: {
      and: [
        { resetPasswordToken: { equals: token } },
        { resetPasswordExpiration: { greater_than: new Date().toISOString() } },
      ],
    },
    req,
  })
  if (user) await revokeSessionsAndApiKey(req, user.id)
  return args
}
