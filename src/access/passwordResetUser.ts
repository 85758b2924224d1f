import type { PayloadRequest } from 'payload'
import type { User } from '../payload-types'

const FOUND = Symbol('password reset user')

/**
 * For a beforeOperation hook of Payload's resetPassword: the user the token belongs to and the new
 * password (found with the same query the operation makes, once per request however many hooks
 * ask), or null for another operation, an invalid token or an empty password.
 */
export async function passwordResetUser(
  operation: string,
  args: unknown,
  req: PayloadRequest,
): Promise<{ user: User; password: string } | null> {
  if (operation !== 'resetPassword') return null
  const data = (args as { data?: { token?: unknown; password?: unknown } }).data
  const token = data?.token
  const password = data?.password
  if (typeof token !== 'string' || typeof password !== 'string' || password.length === 0)
    return null
  const context = req.context as Record<symbol, Promise<User | null> | undefined>
  context[FOUND] ??= req.payload.db.findOne<User>({
    collection: 'users',
    where: {
      and: [
        { resetPasswordToken: { equals: token } },
        { resetPasswordExpiration: { greater_than: new Date().toISOString() } },
      ],
    },
    req,
  })
  const user = await context[FOUND]
  return user ? { user, password } : null
}
