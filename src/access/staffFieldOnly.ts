import type { FieldAccess } from 'payload'
import { isStaff } from './roles'

/** Field-level: only the admin and the accountant may set the field. */
export const staffFieldOnly: FieldAccess = ({ req }) => isStaff(req.user)
