import { AuthenticationError, type CollectionBeforeLoginHook } from 'payload'

/** A disabled user is refused at login, with the same answer as a wrong password. */
export const refuseDisabledLogin: CollectionBeforeLoginHook = ({ user, req }) => {
  if ((user as { disabled?: boolean | null }).disabled) throw new AuthenticationError(req.t)
  return user
}
