import type { Payload } from 'payload'
import { noteAuthenticatedUser } from './requestContext'

/** Log lines written while serving a request name its user's id and role, whatever signed it in. */
export function noteUsersForLogs(payload: Payload): void {
  payload.authStrategies = payload.authStrategies.map((strategy) => ({
    ...strategy,
    authenticate: async (args) => {
      const result = await strategy.authenticate(args)
      noteAuthenticatedUser(result.user as { id?: number | string; role?: unknown } | null)
      return result
    },
  }))
}
