import type { Payload } from 'payload'

type AuthenticatedUser = { id?: number | string; role?: unknown; disabled?: boolean | null } | null

/**
 * Runs `decide` on the user every auth strategy Payload built at init (JWT, API key, any added
 * later) signs in, on every authenticated request: it answers the user to keep, or null to refuse.
 */
export function afterAuthentication(
  payload: Payload,
  decide: (user: AuthenticatedUser) => AuthenticatedUser,
): void {
  payload.authStrategies = payload.authStrategies.map((strategy) => ({
    ...strategy,
    authenticate: async (args) => {
      const result = await strategy.authenticate(args)
      const kept = decide(result.user as AuthenticatedUser)
      return kept === null && result.user ? { user: null } : result
    },
  }))
}
