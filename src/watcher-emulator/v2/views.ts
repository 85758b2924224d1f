import type { EmulatorContext } from '../context'
import { allPermissions, V2_DOMAIN } from '../inferred'
import type { Actor } from '../operations'
import type {
  MemberRecord,
  OrganizationRecord,
  PresetLinkRecord,
  PresetRecord,
  StreamRecord,
  UserRecord,
} from '../records'
import { bytesToGb, millisecondsToSeconds, secondsToDays } from './units'

/** Records as Watcher API v2 shows them (days, GB, Unix seconds, `enabled`, `login`). */

export function organizationViewV2(
  context: EmulatorContext,
  organization: OrganizationRecord,
  actor?: Actor,
): Record<string, unknown> {
  const { state } = context
  const owner = organization.ownerId ? state.users.get(organization.ownerId) : undefined
  const member = actor ? state.member(organization.id, actor.user.id) : undefined
  const permissions =
    actor && (actor.isAdmin || organization.ownerId === actor.user.id)
      ? allPermissions()
      : member?.permissions
  return {
    id: organization.id,
    title: organization.title,
    domain: V2_DOMAIN,
    camera_count: state.streamCountByOrganization.get(organization.id) ?? 0,
    camera_limit: organization.limits.streams,
    user_count: state.memberCount(organization.id),
    user_limit: organization.limits.users,
    dvr_limit: organization.dvrLimit,
    mosaic_count: 0,
    is_default: organization.isDefault,
    is_member: Boolean(member),
    can_edit_cameras: permissions?.can_edit_streams ?? false,
    can_edit_users: permissions?.can_edit_users ?? false,
    can_view_stats: permissions?.can_view_stats ?? false,
    owner: owner ? { id: owner.id, login: owner.name } : null,
    owner_id: organization.ownerId,
  }
}

export function memberViewV2(
  context: EmulatorContext,
  member: MemberRecord,
): Record<string, unknown> {
  const user = context.state.users.get(member.userId)
  return {
    id: member.userId,
    user_id: member.userId,
    organization_id: member.organizationId,
    login: user?.name ?? null,
    name: user?.fullname ?? null,
    can_view_organization_stats: member.permissions.can_view_stats,
    can_edit_organization_cameras: member.permissions.can_edit_streams,
    can_edit_organization_users: member.permissions.can_edit_users,
  }
}

export function userViewV2(context: EmulatorContext, user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    login: user.name,
    name: user.fullname,
    notification_email: user.email,
    phone: user.phone,
    note: user.note,
    locale: user.locale,
    enabled: !user.disabled,
    is_admin: user.accessLevel === 'admin',
    readonly: user.readonly,
    domain_id: V2_DOMAIN.id,
    organizations: [...(context.state.organizationsOfUser.get(user.id) ?? [])].sort(
      (a, b) => a - b,
    ),
  }
}

export function presetViewV2(preset: PresetRecord): Record<string, unknown> {
  return {
    id: preset.id,
    title: preset.title,
    domain_id: V2_DOMAIN.id,
    dvr_depth: secondsToDays(preset.dvr.expiration),
    dvr_lock_days: secondsToDays(preset.dvr.episodes_expiration),
    dvr_space: bytesToGb(preset.dvr.storage_limit),
    is_adjustable: preset.isAdjustable,
    is_default: preset.isDefault,
    is_deleted: preset.deletedAt !== null,
    vision_params: preset.vision.alg ? { alg: preset.vision.alg } : null,
  }
}

export function presetLinkViewV2(context: EmulatorContext, link: PresetLinkRecord) {
  const preset = context.state.presets.get(link.presetId)
  return {
    id: link.id,
    organization_id: link.organizationId,
    preset_id: link.presetId,
    is_deleted: false,
    preset: preset ? presetViewV2(preset) : null,
  }
}

export function cameraViewV2(
  context: EmulatorContext,
  stream: StreamRecord,
): Record<string, unknown> {
  const preset = context.state.presets.get(stream.presetId)
  const { dvr, vision } = context.ops.effectiveSettings(stream)
  return {
    name: stream.name,
    title: stream.title,
    comment: stream.comment,
    organization_id: stream.organizationId,
    preset_id: stream.presetId,
    preset: preset ? presetViewV2(preset) : null,
    enabled: !stream.disabled,
    static: stream.static,
    stream_url: stream.inputs[0]?.url ?? null,
    substream_url: stream.inputs[1]?.url ?? null,
    dvr_depth: secondsToDays(dvr.expiration),
    dvr_lock_days: secondsToDays(dvr.episodes_expiration),
    dvr_space: bytesToGb(dvr.storage_limit),
    vision_enabled: Boolean(vision.alg),
    vision_alg: vision.alg ?? null,
    created_at: millisecondsToSeconds(stream.createdAt),
    last_change: {
      created_at: millisecondsToSeconds(stream.lastChange.createdAt),
      user: stream.lastChange.user,
    },
    stream_status: { alive: !stream.disabled },
  }
}
