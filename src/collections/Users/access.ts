import type { Access } from 'payload'
import { hasRole, isStaff } from '../../access/roles'

const self = (id: number | string) => ({ id: { equals: id } })

/** Staff read every user; a subscriber reads itself. */
export const readUsers: Access = ({ req }) => {
  if (!req.user) return false
  return isStaff(req.user) ? true : self(req.user.id)
}

/** The admin edits anyone; the accountant edits non-admins and itself; a subscriber itself. */
export const updateUsers: Access = ({ req }) => {
  if (!req.user) return false
  if (hasRole(req.user, 'admin')) return true
  if (hasRole(req.user, 'accountant')) {
    return { or: [{ role: { not_equals: 'admin' } }, self(req.user.id)] }
  }
  return self(req.user.id)
}

/** The admin deletes anyone; the accountant deletes non-admin users. */
export const deleteUsers: Access = ({ req }) => {
  if (hasRole(req.user, 'admin')) return true
  if (hasRole(req.user, 'accountant')) return { role: { not_equals: 'admin' } }
  return false
}
