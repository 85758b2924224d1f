import type { Payload } from 'payload'
import { afterAuthentication } from './afterAuthentication'

/**
 * Whatever a request presents (a session JWT, an API key, a strategy added later), a user marked
 * `disabled` is not signed in by it. Disabling also ends the user's sessions and removes its API
 * key (revokeAccessOnSecurityChange); this is the check that holds even if that was missed.
 */
export function refuseDisabledUsers(payload: Payload): void {
  afterAuthentication(payload, (user) => (user?.disabled === true ? null : user))
}
