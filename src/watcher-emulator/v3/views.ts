import { allPermissions } from '../inferred'
import type { Actor } from '../operations'
import type {
  MemberRecord,
  OrganizationRecord,
  Permissions,
  PresetRecord,
  StreamRecord,
  UserRecord,
} from '../records'
import type { EmulatorContext } from '../context'

/** Records as Watcher API v3 shows them (snake_case, ms timestamps, seconds, bytes). */

export function organizationView(
  context: EmulatorContext,
  organization: OrganizationRecord,
  actor?: Actor,
): Record<string, unknown> {
  const { state } = context
  const owner = organization.ownerId ? state.users.get(organization.ownerId) : undefined
  const view: Record<string, unknown> = {
    id: organization.id,
    title: organization.title,
    created_at: organization.createdAt,
    is_default: organization.isDefault,
    limits: { ...organization.limits },
    owner: owner ? { id: owner.id, name: owner.name } : null,
    stats: {
      streams: state.streamCountByOrganization.get(organization.id) ?? 0,
      users: state.memberCount(organization.id),
      mosaics: 0,
    },
  }
  if (actor) {
    const member = state.member(organization.id, actor.user.id)
    const isOwner = organization.ownerId === actor.user.id
    const permissions = isOwner || actor.isAdmin ? allPermissions() : member?.permissions
    view.user_permissions = { ...(permissions ?? noPermissions()), is_member: Boolean(member) }
  }
  return view
}

function noPermissions(): Permissions {
  const permissions = allPermissions()
  for (const name of Object.keys(permissions)) permissions[name as keyof Permissions] = false
  return permissions
}

export function memberView(
  context: EmulatorContext,
  member: MemberRecord,
): Record<string, unknown> {
  const user = context.state.users.get(member.userId)
  return {
    id: member.userId,
    name: user?.name ?? null,
    email: user?.email ?? null,
    permissions: { organization: { ...member.permissions, is_member: true } },
  }
}

export function userView(context: EmulatorContext, user: UserRecord): Record<string, unknown> {
  const { state } = context
  const organizations = [...(state.organizationsOfUser.get(user.id) ?? [])]
    .sort((a, b) => a - b)
    .flatMap((organizationId) => {
      const organization = state.organizations.get(organizationId)
      const member = state.member(organizationId, user.id)
      if (!organization || !member) return []
      const owner = organization.ownerId ? state.users.get(organization.ownerId) : undefined
      return [
        {
          id: organization.id,
          title: organization.title,
          owner: owner ? { id: owner.id, name: owner.name } : null,
          permissions: { ...member.permissions, is_member: true },
        },
      ]
    })
  return {
    id: user.id,
    name: user.name,
    fullname: user.fullname,
    email: user.email,
    phone: user.phone,
    locale: user.locale,
    note: user.note,
    disabled: user.disabled,
    access_level: user.accessLevel,
    readonly: user.readonly,
    created_at: user.createdAt,
    organizations,
  }
}

export function presetView(
  context: EmulatorContext,
  preset: PresetRecord,
): Record<string, unknown> {
  return {
    id: preset.id,
    title: preset.title,
    dvr: { ...preset.dvr },
    vision: { ...preset.vision },
    is_adjustable: preset.isAdjustable,
    is_default: preset.isDefault,
    last_change: { updated_at: preset.updatedAt },
    stats: {
      organizations_count: context.state.linkCount(preset.id),
      streams_count: context.state.streamCountByPreset.get(preset.id) ?? 0,
    },
    deleted_at: preset.deletedAt,
  }
}

/** `only`: the top-level fields to build (from `select`), so long pages skip the rest. */
export function streamView(
  context: EmulatorContext,
  stream: StreamRecord,
  only?: ReadonlySet<string>,
): Record<string, unknown> {
  const { state, ops } = context
  const want = (field: string) => !only || only.has(field)
  const view: Record<string, unknown> = { name: stream.name }
  if (want('title')) view.title = stream.title
  if (want('comment')) view.comment = stream.comment
  if (want('disabled')) view.disabled = stream.disabled
  if (want('static')) view.static = stream.static
  if (want('inputs')) view.inputs = stream.inputs.map((input) => ({ ...input }))
  if (want('organization')) {
    const organization = state.organizations.get(stream.organizationId)
    view.organization = { id: stream.organizationId, title: organization?.title ?? null }
  }
  if (want('organization_id')) view.organization_id = stream.organizationId
  if (want('preset')) {
    const preset = state.presets.get(stream.presetId)
    view.preset = {
      id: stream.presetId,
      title: preset?.title ?? null,
      is_adjustable: preset?.isAdjustable ?? true,
    }
  }
  if (want('preset_id')) view.preset_id = stream.presetId
  if (want('dvr') || want('vision')) {
    const settings = ops.effectiveSettings(stream)
    if (want('dvr')) view.dvr = { ...settings.dvr }
    if (want('vision')) view.vision = { ...settings.vision }
  }
  if (want('created_at')) view.created_at = stream.createdAt
  if (want('last_change')) {
    view.last_change = { created_at: stream.lastChange.createdAt, user: stream.lastChange.user }
  }
  if (want('stats')) {
    view.stats = {
      status: stream.disabled ? 'waiting' : 'running',
      alive: !stream.disabled,
      bitrate: 0,
    }
  }
  return view
}
