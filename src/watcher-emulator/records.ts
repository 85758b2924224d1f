/** The emulator's internal model. Field names and units follow Watcher API v3 (seconds, bytes, ms). */

export const PERMISSION_NAMES = [
  'can_view_streams',
  'can_edit_streams',
  'can_edit_users',
  'can_view_stats',
  'can_view_persons_lists',
  'can_edit_persons_lists',
] as const

export type PermissionName = (typeof PERMISSION_NAMES)[number]
export type Permissions = Record<PermissionName, boolean>

export type AccessLevel = 'generic' | 'admin'
export type VisionAlg = 'faces' | 'plates'

export interface UserRecord {
  id: number
  name: string
  passwordHash: string | null
  fullname: string | null
  email: string | null
  phone: string | null
  locale: string | null
  note: string | null
  disabled: boolean
  accessLevel: AccessLevel
  readonly: boolean
  createdAt: number
}

export interface OrganizationRecord {
  id: number
  title: string
  createdAt: number
  isDefault: boolean
  limits: { streams: number | null; users: number | null }
  /** v2 only; units undocumented, kept opaque. */
  dvrLimit: number | null
  ownerId: number | null
}

export interface MemberRecord {
  organizationId: number
  userId: number
  permissions: Permissions
  createdAt: number
}

export interface DvrSettings {
  expiration?: number
  episodes_expiration?: number
  storage_limit?: number
  redundancy_factor?: number
}

export interface VisionSettings {
  alg?: VisionAlg
}

export interface PresetRecord {
  id: number
  title: string
  dvr: DvrSettings
  vision: VisionSettings
  isAdjustable: boolean
  isDefault: boolean
  createdAt: number
  updatedAt: number
  deletedAt: number | null
}

export interface PresetLinkRecord {
  id: number
  organizationId: number
  presetId: number
  createdAt: number
}

export interface StreamRecord {
  name: string
  title: string | null
  comment: string | null
  disabled: boolean
  static: boolean
  inputs: { url: string }[]
  organizationId: number
  presetId: number
  dvr: DvrSettings
  vision: VisionSettings
  createdAt: number
  lastChange: { createdAt: number; user: string | null }
}

export interface StateSnapshot {
  format: 'watcher-emulator-state/1'
  nextIds: { user: number; organization: number; preset: number; link: number }
  users: UserRecord[]
  organizations: OrganizationRecord[]
  members: MemberRecord[]
  presets: PresetRecord[]
  links: PresetLinkRecord[]
  streams: StreamRecord[]
}
