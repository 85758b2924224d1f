import type { z } from 'zod/v4'
import { V2_MEMBER_CAN_VIEW_STREAMS } from './inferred'
import type { v2Camera, v2Member, v2Organization, v2Preset, v2User } from './schemas-v2'
import type {
  Analytics,
  MemberPermissions,
  OrganizationInput,
  PresetSettings,
  StreamUpdate,
  UserUpdate,
  WatcherMember,
  WatcherOrganization,
  WatcherPreset,
  WatcherStream,
  WatcherUser,
} from './types'
import { disabledToEnabled, enabledToDisabled, secondsToDate } from './units'

/** Billing ↔ Watcher v2 field mapping. v2 already speaks days and GB; times are Unix seconds. */

export function organizationFromV2(body: z.infer<typeof v2Organization>): WatcherOrganization {
  return {
    id: body.id,
    title: body.title,
    isDefault: body.is_default ?? false,
    ownerId: body.owner?.id ?? body.owner_id ?? null,
    cameraLimit: body.camera_limit ?? null,
    userLimit: body.user_limit ?? null,
    cameraCount: body.camera_count ?? null,
    userCount: body.user_count ?? null,
    createdAt: null,
  }
}

export function organizationToV2(input: Partial<OrganizationInput>): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (input.title !== undefined) body.title = input.title
  if (input.ownerId !== undefined) body.owner_id = input.ownerId
  if (input.cameraLimit !== undefined) body.camera_limit = input.cameraLimit
  if (input.userLimit !== undefined) body.user_limit = input.userLimit
  return body
}

export function memberFromV2(body: z.infer<typeof v2Member>): WatcherMember {
  return {
    userId: (body.user_id ?? body.id) as number,
    login: body.login ?? null,
    permissions: {
      canViewStreams: V2_MEMBER_CAN_VIEW_STREAMS,
      canEditStreams: body.can_edit_organization_cameras ?? false,
      canEditUsers: body.can_edit_organization_users ?? false,
      canViewStats: body.can_view_organization_stats ?? false,
    },
  }
}

/** v2 has no flag for viewing cameras: `canViewStreams` is not sent. */
export function permissionsToV2(permissions: Partial<MemberPermissions>): Record<string, boolean> {
  const body: Record<string, boolean> = {}
  if (permissions.canViewStats !== undefined) {
    body.can_view_organization_stats = permissions.canViewStats
  }
  if (permissions.canEditStreams !== undefined) {
    body.can_edit_organization_cameras = permissions.canEditStreams
  }
  if (permissions.canEditUsers !== undefined) {
    body.can_edit_organization_users = permissions.canEditUsers
  }
  return body
}

export function userFromV2(body: z.infer<typeof v2User>): WatcherUser {
  return {
    id: body.id,
    login: body.login,
    name: body.name ?? null,
    email: body.notification_email ?? null,
    disabled: enabledToDisabled(body.enabled ?? true),
    isAdmin: body.is_admin ?? false,
    organizationIds: (body.organizations ?? []).map((entry) =>
      typeof entry === 'number' ? entry : entry.id,
    ),
    createdAt: null,
  }
}

export function userToV2(input: UserUpdate & { organizationId?: number }): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (input.login !== undefined) body.login = input.login
  if (input.password !== undefined) body.password = input.password
  if (input.name !== undefined) body.name = input.name
  if (input.email !== undefined) body.notification_email = input.email
  if (input.disabled !== undefined) body.enabled = disabledToEnabled(input.disabled)
  if (input.organizationId !== undefined) body.organization_id = input.organizationId
  return body
}

export function presetFromV2(body: z.infer<typeof v2Preset>): WatcherPreset {
  const preset: WatcherPreset = {
    id: body.id,
    title: body.title,
    isAdjustable: body.is_adjustable ?? true,
    isDefault: body.is_default ?? false,
    deleted: body.is_deleted ?? false,
  }
  if (body.dvr_depth != null) preset.archiveDays = body.dvr_depth
  if (body.dvr_lock_days != null) preset.eventArchiveDays = body.dvr_lock_days
  if (body.dvr_space != null) preset.storageGb = body.dvr_space
  const alg = body.vision_params?.alg
  if (alg === 'faces' || alg === 'plates') preset.analytics = alg as Analytics
  return preset
}

/** `removeMissing`: send null for settings left out, so an update removes them. */
export function presetToV2(
  settings: PresetSettings,
  removeMissing: boolean,
): Record<string, unknown> {
  const missing = removeMissing ? null : undefined
  return {
    title: settings.title,
    dvr_depth: settings.archiveDays ?? missing,
    dvr_lock_days: settings.eventArchiveDays ?? missing,
    dvr_space: settings.storageGb ?? missing,
    vision_params: settings.analytics ? { alg: settings.analytics } : missing,
    is_adjustable: settings.isAdjustable,
  }
}

export function streamFromV2(body: z.infer<typeof v2Camera>, withTitle = false): WatcherStream {
  return {
    ...(withTitle ? { title: body.title ?? null } : {}),
    name: body.name,
    organizationId: body.organization_id ?? null,
    presetId: body.preset?.id ?? body.preset_id ?? null,
    disabled: enabledToDisabled(body.enabled ?? true),
    createdAt: secondsToDate(body.created_at),
    lastChangeAt: secondsToDate(body.last_change?.created_at),
  }
}

export function streamToV2(
  input: StreamUpdate & { name?: string; title?: string; url?: string },
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (input.name !== undefined) body.name = input.name
  if (input.title !== undefined) body.title = input.title
  if (input.url !== undefined) body.stream_url = input.url
  if (input.organizationId !== undefined) body.organization_id = input.organizationId
  if (input.presetId !== undefined) body.preset_id = input.presetId
  if (input.disabled !== undefined) body.enabled = disabledToEnabled(input.disabled)
  return body
}
