import type { CollectionAfterLoginHook, CollectionBeforeOperationHook } from 'payload'
import { enforce, rateLimits, requestAddress, unhit } from '../../../operations'

const FAILURE_KEY = 'loginFailureKey'

const accountOf = (data: unknown) => {
  const email = (data as { email?: unknown } | undefined)?.email
  return typeof email === 'string' ? email.trim().toLowerCase() : ''
}

/**
 * Login and forgotten-password requests, through REST, GraphQL and the portal alike: a few hundred
 * a minute per client address, a few failed sign-ins per account (counted before the password is
 * checked and taken back when it was right, so a successful login never counts), a few password
 * e-mails an hour per account. The account is the address given, whether or not it exists, so the
 * answer tells nobody which accounts exist. 429 with Retry-After.
 */
export const limitSignInAttempts: CollectionBeforeOperationHook<'users'> = async ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'login' && operation !== 'forgotPassword') return args
  const address = requestAddress(req)
  if (address)
    await enforce(req.payload, `${operation}:address:${address}`, rateLimits.perAddress())
  const account = accountOf((args as { data?: unknown }).data)
  if (!account) return args
  if (operation === 'login') {
    const key = `login-failures:${account}`
    await enforce(req.payload, key, rateLimits.loginFailures())
    req.context[FAILURE_KEY] = key
  } else {
    await enforce(req.payload, `password-emails:${account}`, rateLimits.passwordEmails())
  }
  return args
}

/** The sign-in succeeded: the attempt counted above was not a failure. */
export const forgiveSuccessfulLogin: CollectionAfterLoginHook = async ({ req, user }) => {
  const key = req.context[FAILURE_KEY]
  if (typeof key === 'string') await unhit(req.payload, key)
  return user
}
