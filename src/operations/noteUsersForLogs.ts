import type { Payload } from 'payload'
import { afterAuthentication } from '../access/afterAuthentication'
import { noteAuthenticatedUser } from './requestContext'

/** Log lines written while serving a request name its user's id and role, whatever signed it in. */
export function noteUsersForLogs(payload: Payload): void {
  afterAuthentication(payload, (user) => {
    noteAuthenticatedUser(user)
    return user
  })
}
