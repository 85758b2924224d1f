/** What the portal's member forms share with the browser (no server imports here). */
import { MEMBER_PERMISSIONS, type Permission } from '../billing/membership'

export type { Permission, Permissions } from '../billing/membership'
export const PERMISSIONS = MEMBER_PERMISSIONS

/** The four Watcher permissions with their labels on the portal's forms (stable: tests use them). */
export const PERMISSION_LABELS: Record<Permission, string> = {
  canViewStreams: 'View streams',
  canEditStreams: 'Edit streams',
  canEditUsers: 'Manage users',
  canViewStats: 'View statistics',
}

/** Shortest password the portal accepts (new users and resets). */
export const MIN_PASSWORD_LENGTH = 8
