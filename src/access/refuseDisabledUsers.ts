import type { Payload } from 'payload'

/**
 * Whatever a request presents (a session JWT, an API key, a strategy added later), a user marked
 * `disabled` is not signed in by it. Disabling also ends the user's sessions and removes its API
 * key (revokeAccessOnSecurityChange); this is the check that holds even if that was missed.
 * Wraps the strategies Payload built at init, so it runs on every authenticated request.
 */
export function refuseDisabledUsers(payload: Payload): void {
  payload.authStrategies = payload.authStrategies.map((strategy) => ({
    ...strategy,
    authenticate: async (args) => {
      const result = await strategy.authenticate(args)
      if ((result.user as { disabled?: boolean | null } | null)?.disabled === true) return { user: null }
      return result
    },
  }))
}
