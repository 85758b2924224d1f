/** Watcher as billing sees it: billing's names and units, whatever the API version underneath. */

export type WatcherApiVersion = 'v3' | 'v2'
export type Analytics = 'faces' | 'plates'

export interface WatcherOrganization {
  id: number
  title: string
  isDefault: boolean
  ownerId: number | null
  cameraLimit: number | null
  userLimit: number | null
  /** Live counters as Watcher reports them (null when it does not). */
  cameraCount: number | null
  userCount: number | null
  createdAt: Date | null
}

export interface OrganizationInput {
  title: string
  ownerId?: number | null
  cameraLimit?: number | null
  userLimit?: number | null
}

export interface MemberPermissions {
  canViewStreams: boolean
  canEditStreams: boolean
  canEditUsers: boolean
  canViewStats: boolean
}

export interface WatcherMember {
  userId: number
  login: string | null
  permissions: MemberPermissions
}

export interface WatcherUser {
  id: number
  login: string
  name: string | null
  email: string | null
  disabled: boolean
  isAdmin: boolean
  organizationIds: number[]
  createdAt: Date | null
  /** The user's language; undefined where the API version has no such field (v2). */
  locale?: string | null
}

export interface UserInput {
  login: string
  /** Sent once, never kept or logged by the client. */
  password?: string
  name?: string | null
  email?: string | null
  disabled?: boolean
  /** The user's language (v3 only: v2 has no such field, and its client leaves it out). */
  locale?: string | null
  /** The organization to join at creation; Watcher uses its Default organization without it. */
  organizationId?: number
}

export type UserUpdate = Partial<Omit<UserInput, 'organizationId'>>

/** A preset in billing's terms: what a subscription's services add up to. */
export interface PresetSettings {
  title: string
  /** Continuous archive depth. */
  archiveDays?: number
  /** Extra days event recordings are kept. */
  eventArchiveDays?: number
  storageGb?: number
  analytics?: Analytics
  /** false: cameras cannot override the preset (what billing pushes). */
  isAdjustable: boolean
}

export interface WatcherPreset extends PresetSettings {
  id: number
  isDefault: boolean
  /** Deleted in Watcher (v3 `deleted_at`); billing never uses a deleted preset. */
  deleted: boolean
}

export interface WatcherStream {
  /** The stream name: Watcher's id of the camera. */
  name: string
  organizationId: number | null
  presetId: number | null
  disabled: boolean
  createdAt: Date | null
  /** When the stream's configuration last changed, when Watcher says so. */
  lastChangeAt: Date | null
  /** The camera's title, only when asked (`titles`): shown to members live, never stored. */
  title?: string | null
}

export interface StreamInput {
  name: string
  organizationId: number
  presetId?: number
  title?: string
  /** Source URL; sent to Watcher only, never logged. */
  url?: string
  disabled?: boolean
}

export interface StreamUpdate {
  organizationId?: number
  presetId?: number
  disabled?: boolean
}

export interface StreamListOptions {
  organizationId?: number
  /** Streams per request; default 1000. */
  pageSize?: number
  /** Also read each stream's title (the invoice drill-down shows it; billing stores none). */
  titles?: boolean
}

/** The one interface billing uses; `createWatcherApi` picks the v3 or v2 implementation. */
export interface WatcherApi {
  readonly version: WatcherApiVersion

  /** Checks the address and credentials. */
  checkConnection(): Promise<void>

  listOrganizations(): Promise<WatcherOrganization[]>
  getOrganization(id: number): Promise<WatcherOrganization>
  createOrganization(input: OrganizationInput): Promise<WatcherOrganization>
  updateOrganization(id: number, input: Partial<OrganizationInput>): Promise<WatcherOrganization>
  /** Refused (409 in v3, 400 in v2) while the organization still has cameras. */
  deleteOrganization(id: number): Promise<void>

  listMembers(organizationId: number): Promise<WatcherMember[]>
  /** Adds the user or updates its permissions; permissions left out keep their values. */
  putMember(
    organizationId: number,
    userId: number,
    permissions: Partial<MemberPermissions>,
  ): Promise<WatcherMember>
  removeMember(organizationId: number, userId: number): Promise<void>

  listUsers(filter?: { organizationId?: number }): Promise<WatcherUser[]>
  getUser(id: number): Promise<WatcherUser>
  findUserByLogin(login: string): Promise<WatcherUser | null>
  createUser(input: UserInput): Promise<WatcherUser>
  updateUser(id: number, input: UserUpdate): Promise<WatcherUser>
  deleteUser(id: number): Promise<void>

  /** All presets, or those a camera of `organizationId` may use. */
  listPresets(filter?: { organizationId?: number }): Promise<WatcherPreset[]>
  getPreset(id: number): Promise<WatcherPreset>
  createPreset(settings: PresetSettings): Promise<WatcherPreset>
  /** Replaces the settings: a setting left out is removed from the preset. */
  updatePreset(id: number, settings: PresetSettings): Promise<WatcherPreset>
  linkPreset(organizationId: number, presetId: number): Promise<void>
  unlinkPreset(organizationId: number, presetId: number): Promise<void>

  /** Walks every stream page by page; never holds the whole list. */
  streams(options?: StreamListOptions): AsyncIterableIterator<WatcherStream>
  getStream(name: string): Promise<WatcherStream>
  createStream(input: StreamInput): Promise<WatcherStream>
  updateStream(name: string, update: StreamUpdate): Promise<WatcherStream>
  deleteStream(name: string): Promise<void>
}
