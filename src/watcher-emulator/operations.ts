import { conflict, DomainError, invalid, notFound } from './errors'
import { ENFORCE_STREAM_LIMIT, STREAM_FALLS_BACK_TO_DEFAULTS } from './inferred'
import { hashPassword } from './passwords'
import type {
  AccessLevel,
  DvrSettings,
  MemberRecord,
  OrganizationRecord,
  Permissions,
  PresetLinkRecord,
  PresetRecord,
  StreamRecord,
  UserRecord,
  VisionAlg,
  VisionSettings,
} from './records'
import type { WatcherState } from './state'

/** Who is calling: the user behind the credential. */
export interface Actor {
  user: UserRecord
  isAdmin: boolean
}

export type SettingsPatch<T> = { [K in keyof T]?: T[K] | null }

export interface OrganizationInput {
  title?: string
  limits?: { streams?: number | null; users?: number | null }
  dvrLimit?: number | null
  ownerId?: number | null
}

export interface UserInput {
  name?: string
  password?: string
  fullname?: string | null
  email?: string | null
  phone?: string | null
  locale?: string | null
  note?: string | null
  disabled?: boolean
  accessLevel?: AccessLevel
  readonly?: boolean
}

export interface PresetInput {
  title?: string
  dvr?: SettingsPatch<DvrSettings> | null
  vision?: SettingsPatch<VisionSettings> | null
  isAdjustable?: boolean
  isDefault?: boolean
}

export interface StreamInput {
  title?: string | null
  comment?: string | null
  disabled?: boolean
  static?: boolean
  inputs?: { url: string }[]
  organizationId?: number
  presetId?: number
  dvr?: SettingsPatch<DvrSettings> | null
  vision?: SettingsPatch<VisionSettings> | null
}

export interface PutStreamOptions {
  actor: Actor
  /** `create`: refuse an existing name; `update`: refuse an unknown one; `upsert`: either (v3 PUT). */
  mode: 'create' | 'update' | 'upsert'
  /** v3 `$reset: true`: replace the whole configuration instead of merging. */
  replace?: boolean
}

export interface SeedStreamsInput {
  count: number
  prefix?: string
  organizationIds?: number[]
  presetId?: number
  disabledEvery?: number
}

/** Watcher's documented rules on top of the store; shared by the v2 and v3 routes. */
export class WatcherOperations {
  constructor(readonly state: WatcherState) {}

  // --- organizations ---------------------------------------------------------------

  organization(id: number): OrganizationRecord {
    const organization = this.state.organizations.get(id)
    if (!organization) throw notFound('organization', id)
    return organization
  }

  createOrganization(input: OrganizationInput): OrganizationRecord {
    if (!input.title) throw invalid('title', 'title is required')
    if (input.ownerId != null) this.existingUser(input.ownerId, 'owner')
    return this.state.insertOrganization({
      title: input.title,
      createdAt: this.state.now(),
      isDefault: false,
      limits: { streams: input.limits?.streams ?? null, users: input.limits?.users ?? null },
      dvrLimit: input.dvrLimit ?? null,
      ownerId: input.ownerId ?? null,
    })
  }

  updateOrganization(id: number, input: OrganizationInput): OrganizationRecord {
    const organization = this.organization(id)
    if (input.title !== undefined) {
      if (!input.title) throw invalid('title', 'title must not be empty')
      organization.title = input.title
    }
    if (input.limits?.streams !== undefined) organization.limits.streams = input.limits.streams
    if (input.limits?.users !== undefined) organization.limits.users = input.limits.users
    if (input.dvrLimit !== undefined) organization.dvrLimit = input.dvrLimit
    if (input.ownerId !== undefined) {
      if (input.ownerId !== null) this.existingUser(input.ownerId, 'owner')
      organization.ownerId = input.ownerId
    }
    this.state.changed()
    return organization
  }

  deleteOrganization(id: number): void {
    const organization = this.organization(id)
    if (organization.isDefault) {
      throw conflict('default_organization', 'the Default organization cannot be deleted')
    }
    const streams = this.state.streamCountByOrganization.get(id) ?? 0
    if (streams > 0) {
      throw conflict(
        'organization_has_streams',
        `organization ${id} still has ${streams} stream(s); delete or move them first`,
      )
    }
    this.state.removeOrganization(id)
  }

  // --- members ---------------------------------------------------------------------

  member(organizationId: number, userId: number): MemberRecord {
    this.organization(organizationId)
    const member = this.state.member(organizationId, userId)
    if (!member) throw notFound(`member of organization ${organizationId}: user`, userId)
    return member
  }

  /** Adds or updates a member; permissions left out keep their values (or the defaults when new). */
  putMember(
    organizationId: number,
    userId: number,
    permissions: Partial<Permissions>,
    defaults: () => Permissions,
  ): MemberRecord {
    this.organization(organizationId)
    const existing = this.state.member(organizationId, userId)
    const record: MemberRecord = existing ?? {
      organizationId,
      userId,
      permissions: defaults(),
      createdAt: this.state.now(),
    }
    for (const [name, value] of Object.entries(permissions)) {
      if (value !== undefined) record.permissions[name as keyof Permissions] = value
    }
    this.state.upsertMember(record)
    return record
  }

  removeMember(organizationId: number, userId: number): void {
    this.member(organizationId, userId)
    this.state.removeMember(organizationId, userId)
  }

  // --- users -------------------------------------------------------------------------

  user(id: number): UserRecord {
    const user = this.state.users.get(id)
    if (!user) throw notFound('user', id)
    return user
  }

  createUser(
    input: UserInput & { organizationId?: number | null },
    memberDefaults: () => Permissions,
  ): UserRecord {
    if (!input.name) throw invalid('login', 'login is required')
    if (this.state.userByName(input.name)) {
      throw conflict('user_exists', `a user with login ${input.name} already exists`, 'login')
    }
    const organization =
      input.organizationId != null
        ? this.existingOrganization(input.organizationId, 'organization')
        : this.state.defaultOrganization()
    const user = this.state.insertUser({
      name: input.name,
      passwordHash: input.password ? hashPassword(input.password) : null,
      fullname: input.fullname ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      locale: input.locale ?? null,
      note: input.note ?? null,
      disabled: input.disabled ?? false,
      accessLevel: input.accessLevel ?? 'generic',
      readonly: input.readonly ?? false,
      createdAt: this.state.now(),
    })
    if (organization) this.putMember(organization.id, user.id, {}, memberDefaults)
    return user
  }

  updateUser(id: number, input: UserInput): UserRecord {
    const user = this.user(id)
    if (input.name !== undefined && input.name !== user.name) {
      if (!input.name) throw invalid('login', 'login must not be empty')
      if (this.state.userByName(input.name)) {
        throw conflict('user_exists', `a user with login ${input.name} already exists`, 'login')
      }
      this.state.renameUser(user, input.name)
    }
    if (input.password !== undefined) user.passwordHash = hashPassword(input.password)
    if (input.fullname !== undefined) user.fullname = input.fullname
    if (input.email !== undefined) user.email = input.email
    if (input.phone !== undefined) user.phone = input.phone
    if (input.locale !== undefined) user.locale = input.locale
    if (input.note !== undefined) user.note = input.note
    if (input.disabled !== undefined) user.disabled = input.disabled
    if (input.accessLevel !== undefined) user.accessLevel = input.accessLevel
    if (input.readonly !== undefined) user.readonly = input.readonly
    this.state.changed()
    return user
  }

  deleteUser(id: number, actor: Actor): void {
    this.user(id)
    if (actor.user.id === id) {
      throw conflict('delete_self', 'a user cannot delete itself')
    }
    this.state.removeUser(id)
  }

  // --- presets -----------------------------------------------------------------------

  preset(id: number, options: { includeDeleted: boolean }): PresetRecord {
    const preset = this.state.presets.get(id)
    if (!preset || (preset.deletedAt !== null && !options.includeDeleted)) {
      throw notFound('preset', id)
    }
    return preset
  }

  createPreset(input: PresetInput): PresetRecord {
    if (!input.title) throw invalid('title', 'title is required')
    const now = this.state.now()
    return this.state.insertPreset({
      title: input.title,
      dvr: mergeSettings({}, input.dvr),
      vision: mergeSettings({}, input.vision),
      isAdjustable: input.isAdjustable ?? true,
      isDefault: input.isDefault ?? false,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    })
  }

  updatePreset(id: number, input: PresetInput): PresetRecord {
    const preset = this.preset(id, { includeDeleted: false })
    if (input.title !== undefined) {
      if (!input.title) throw invalid('title', 'title must not be empty')
      preset.title = input.title
    }
    if (input.dvr !== undefined) preset.dvr = mergeSettings(preset.dvr, input.dvr)
    if (input.vision !== undefined) preset.vision = mergeSettings(preset.vision, input.vision)
    if (input.isAdjustable !== undefined) preset.isAdjustable = input.isAdjustable
    if (input.isDefault !== undefined) preset.isDefault = input.isDefault
    preset.updatedAt = this.state.now()
    this.state.changed()
    return preset
  }

  /** Soft delete: the preset is unlinked everywhere and keeps `deleted_at`. */
  deletePreset(id: number): void {
    const preset = this.preset(id, { includeDeleted: false })
    if (preset.isDefault) throw conflict('default_preset', 'a default preset cannot be deleted')
    for (const organizationId of this.state.links.keys()) this.state.removeLink(organizationId, id)
    preset.deletedAt = this.state.now()
    this.state.changed()
  }

  linkPreset(organizationId: number, presetId: number): PresetLinkRecord {
    this.organization(organizationId)
    const preset = this.state.presets.get(presetId)
    if (!preset || preset.deletedAt !== null) {
      throw invalid('preset_id', `preset ${presetId} does not exist`, 'unknown_preset')
    }
    return this.state.insertLink(organizationId, presetId)
  }

  unlinkPreset(organizationId: number, presetId: number): void {
    this.organization(organizationId)
    if (!this.state.removeLink(organizationId, presetId)) {
      throw notFound(`preset link of organization ${organizationId}: preset`, presetId)
    }
  }

  /** A stream may use a preset linked to its organization, or a default preset. */
  presetAllowed(organizationId: number, preset: PresetRecord): boolean {
    if (preset.deletedAt !== null) return false
    return preset.isDefault || this.state.link(organizationId, preset.id) !== undefined
  }

  // --- streams -----------------------------------------------------------------------

  stream(name: string): StreamRecord {
    const stream = this.state.streams.get(name)
    if (!stream) throw notFound('stream', name)
    return stream
  }

  putStream(name: string, input: StreamInput, options: PutStreamOptions): StreamRecord {
    if (!name) throw invalid('name', 'name is required')
    const existing = this.state.streams.get(name)
    if (!existing && options.mode === 'update') throw notFound('stream', name)
    if (existing && options.mode === 'create') {
      throw conflict('stream_exists', `a stream named ${name} already exists`, 'name')
    }
    const base = existing && !options.replace ? existing : undefined

    const organizationId =
      input.organizationId ?? base?.organizationId ?? this.fallbackOrganizationId()
    const organization = this.existingOrganization(organizationId, 'organization')
    const presetId = input.presetId ?? base?.presetId ?? this.fallbackPresetId()
    const preset = this.state.presets.get(presetId)
    if (!preset || preset.deletedAt !== null) {
      throw invalid('preset', `preset ${presetId} does not exist`, 'unknown_preset')
    }
    if (!this.presetAllowed(organization.id, preset)) {
      throw invalid(
        'preset',
        `preset ${preset.id} is not available in organization ${organization.id}; link it first`,
        'preset_not_available',
      )
    }
    const joinsOrganization = !existing || existing.organizationId !== organization.id
    const limit = organization.limits.streams
    if (ENFORCE_STREAM_LIMIT && joinsOrganization && limit !== null) {
      const count = this.state.streamCountByOrganization.get(organization.id) ?? 0
      if (count >= limit) {
        throw invalid(
          'organization',
          `organization ${organization.id} has reached its limit of ${limit} stream(s)`,
          'stream_limit_reached',
        )
      }
    }

    // A non-adjustable preset's DVR and analytics settings win over anything sent with the stream.
    const dvr = preset.isAdjustable
      ? mergeSettings(base?.dvr ?? preset.dvr, input.dvr)
      : { ...preset.dvr }
    const vision = preset.isAdjustable
      ? mergeSettings(base?.vision ?? preset.vision, input.vision)
      : { ...preset.vision }

    const now = this.state.now()
    const stream: StreamRecord = {
      name,
      title: input.title !== undefined ? input.title : (base?.title ?? null),
      comment: input.comment !== undefined ? input.comment : (base?.comment ?? null),
      disabled: input.disabled ?? base?.disabled ?? false,
      static: input.static ?? base?.static ?? true,
      inputs: input.inputs ?? base?.inputs ?? [],
      organizationId: organization.id,
      presetId: preset.id,
      dvr,
      vision,
      createdAt: existing?.createdAt ?? now,
      lastChange: { createdAt: now, user: options.actor.user.name },
    }
    this.state.putStream(stream)
    return stream
  }

  deleteStream(name: string): void {
    this.stream(name)
    this.state.removeStream(name)
  }

  /** The settings a stream records with: a non-adjustable preset's, else its own. */
  effectiveSettings(stream: StreamRecord): { dvr: DvrSettings; vision: VisionSettings } {
    const preset = this.state.presets.get(stream.presetId)
    if (preset && !preset.isAdjustable) return { dvr: preset.dvr, vision: preset.vision }
    return { dvr: stream.dvr, vision: stream.vision }
  }

  /** Bulk streams for tests and demos; skips per-call rules except the preset rule. */
  seedStreams(input: SeedStreamsInput): { created: number; total: number } {
    const organizationIds = input.organizationIds?.length
      ? input.organizationIds
      : [this.fallbackOrganizationId()]
    const organizations = organizationIds.map((id) => this.existingOrganization(id, 'organization'))
    const preset = this.state.presets.get(input.presetId ?? this.fallbackPresetId())
    if (!preset || preset.deletedAt !== null) {
      throw invalid('preset', `preset ${input.presetId} does not exist`, 'unknown_preset')
    }
    for (const organization of organizations) {
      if (!this.presetAllowed(organization.id, preset)) {
        throw invalid(
          'preset',
          `preset ${preset.id} is not available in organization ${organization.id}`,
          'preset_not_available',
        )
      }
    }
    const prefix = input.prefix ?? 'seed-'
    const width = Math.max(6, String(input.count).length)
    const now = this.state.now()
    let created = 0
    let index = 0
    while (created < input.count) {
      const name = `${prefix}${String(index++).padStart(width, '0')}`
      if (this.state.streams.has(name)) continue
      const organization = organizations[created % organizations.length]
      this.state.putStream({
        name,
        title: null,
        comment: null,
        disabled: input.disabledEvery ? created % input.disabledEvery === 0 : false,
        static: true,
        inputs: [{ url: 'fake://clock' }],
        organizationId: organization.id,
        presetId: preset.id,
        dvr: { ...preset.dvr },
        vision: { ...preset.vision },
        createdAt: now,
        lastChange: { createdAt: now, user: 'seed' },
      })
      created++
    }
    return { created, total: this.state.streams.size }
  }

  // --- helpers -----------------------------------------------------------------------

  private existingUser(id: number, field: string): UserRecord {
    const user = this.state.users.get(id)
    if (!user) throw invalid(field, `user ${id} does not exist`, 'unknown_user')
    return user
  }

  private existingOrganization(id: number, field: string): OrganizationRecord {
    const organization = this.state.organizations.get(id)
    if (!organization) {
      throw invalid(field, `organization ${id} does not exist`, 'unknown_organization')
    }
    return organization
  }

  private fallbackOrganizationId(): number {
    const organization = STREAM_FALLS_BACK_TO_DEFAULTS ? this.state.defaultOrganization() : null
    if (!organization) throw invalid('organization', 'organization is required')
    return organization.id
  }

  private fallbackPresetId(): number {
    if (STREAM_FALLS_BACK_TO_DEFAULTS) {
      for (const preset of this.state.presets.values()) {
        if (preset.isDefault && preset.deletedAt === null) return preset.id
      }
    }
    throw invalid('preset', 'preset is required')
  }
}

/** Merges a settings patch: `null` removes a key, a `null` patch clears everything. */
export function mergeSettings<T extends object>(
  base: T,
  patch: SettingsPatch<T> | null | undefined,
): T {
  if (patch === null) return {} as T
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  if (patch) {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key]
      else if (value !== undefined) merged[key] = value
    }
  }
  return merged as T
}

export function isVisionAlg(value: unknown): value is VisionAlg {
  return value === 'faces' || value === 'plates'
}

export { DomainError }
