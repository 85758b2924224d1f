import type { Access } from 'payload'
import { isStaff } from './roles'

export const adminOrAccountant: Access = ({ req }) => isStaff(req.user)
