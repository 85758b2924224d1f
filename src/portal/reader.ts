import { createLocalReq, executeAuthStrategies, type Payload, type PayloadRequest } from 'payload'
import type { User } from '../payload-types'

// the request each signed-in page's reads share, keyed by the page's user object
const pageRequests = new WeakMap<User, PayloadRequest>()

/**
 * The user a portal page's request presents (the `payload-token` cookie, or any auth strategy),
 * on a request that every read of the page then shares (readAs): what the access rules compute
 * once per request (the organizations the user may see, the subscriptions and services available
 * to them) is computed once per page instead of once per Local API call. Only the user object
 * answered here is tied to that request, a new one for each HTTP request; writes keep a request
 * of their own. Unlike `payload.auth`, it does not work out the user's permissions on every
 * collection and field, which no page reads.
 */
export async function signedInPage(payload: Payload, headers: Headers): Promise<User | null> {
  const req = await createLocalReq({}, payload)
  const { user } = await executeAuthStrategies({ headers, payload, req, canSetHeaders: false })
  if (!user) return null
  req.user = user
  pageRequests.set(user as User, req)
  return user as User
}

/**
 * The options of a Local API read as `user`, the collections' access rules applied: on the page's
 * shared request when `user` is a page's user, on a request of its own otherwise.
 */
export function readAs(
  user: User,
): { req: PayloadRequest; overrideAccess: false } | { user: User; overrideAccess: false } {
  const req = pageRequests.get(user)
  return req ? { req, overrideAccess: false } : { user, overrideAccess: false }
}

/** The page's shared request, or a new one as `user`. */
export async function requestAs(payload: Payload, user: User): Promise<PayloadRequest> {
  return (
    pageRequests.get(user) ??
    (await createLocalReq({ user: { ...user, collection: 'users' } }, payload))
  )
}
