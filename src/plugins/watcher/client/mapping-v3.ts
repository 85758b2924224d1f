import type { z } from 'zod/v4'
import type { v3Member, v3Organization, v3Preset, v3Stream, v3User } from './schemas-v3'
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
import { bytesToGb, daysToSeconds, gbToBytes, millisecondsToDate, secondsToDays } from './units'

/** Billing ↔ Watcher v3 field mapping, both directions, one function per object. */

export function organizationFromV3(body: z.infer<typeof v3Organization>): WatcherOrganization {
  return {
    id: body.id,
    title: body.title,
    isDefault: body.is_default ?? false,
    ownerId: body.owner?.id ?? null,
    cameraLimit: body.limits?.streams ?? null,
    userLimit: body.limits?.users ?? null,
    cameraCount: body.stats?.streams ?? null,
    userCount: body.stats?.users ?? null,
    createdAt: millisecondsToDate(body.created_at),
  }
}

export function organizationToV3(input: Partial<OrganizationInput>): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (input.title !== undefined) body.title = input.title
  if (input.ownerId !== undefined)
    body.owner = input.ownerId === null ? null : { id: input.ownerId }
  const limits: Record<string, number | null> = {}
  if (input.cameraLimit !== undefined) limits.streams = input.cameraLimit
  if (input.userLimit !== undefined) limits.users = input.userLimit
  if (Object.keys(limits).length > 0) body.limits = limits
  return body
}

export function memberFromV3(body: z.infer<typeof v3Member>): WatcherMember {
  const permissions = body.permissions?.organization
  return {
    userId: body.id,
    login: body.name ?? null,
    permissions: {
      canViewStreams: permissions?.can_view_streams ?? false,
      canEditStreams: permissions?.can_edit_streams ?? false,
      canEditUsers: permissions?.can_edit_users ?? false,
      canViewStats: permissions?.can_view_stats ?? false,
    },
  }
}

export function permissionsToV3(permissions: Partial<MemberPermissions>): Record<string, boolean> {
  const body: Record<string, boolean> = {}
  if (permissions.canViewStreams !== undefined) body.can_view_streams = permissions.canViewStreams
  if (permissions.canEditStreams !== undefined) body.can_edit_streams = permissions.canEditStreams
  if (permissions.canEditUsers !== undefined) body.can_edit_users = permissions.canEditUsers
  if (permissions.canViewStats !== undefined) body.can_view_stats = permissions.canViewStats
  return body
}

export function userFromV3(body: z.infer<typeof v3User>): WatcherUser {
  return {
    id: body.id,
    login: body.name,
    name: body.fullname ?? null,
    email: body.email ?? null,
    disabled: body.disabled ?? false,
    isAdmin: body.access_level === 'admin',
    organizationIds: (body.organizations ?? []).map((organization) => organization.id),
    createdAt: millisecondsToDate(body.created_at),
    locale: body.locale ?? null,
  }
}

export function userToV3(input: UserUpdate & { organizationId?: number }): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (input.login !== undefined) body.name = input.login
  if (input.password !== undefined) body.password = input.password
  if (input.name !== undefined) body.fullname = input.name
  if (input.email !== undefined) body.email = input.email
  if (input.disabled !== undefined) body.disabled = input.disabled
  if (input.locale !== undefined) body.locale = input.locale
  if (input.organizationId !== undefined) body.organization_id = input.organizationId
  return body
}

export function presetFromV3(body: z.infer<typeof v3Preset>): WatcherPreset {
  const preset: WatcherPreset = {
    id: body.id,
    title: body.title,
    isAdjustable: body.is_adjustable ?? true,
    isDefault: body.is_default ?? false,
    deleted: body.deleted_at != null,
  }
  if (body.dvr?.expiration != null) preset.archiveDays = secondsToDays(body.dvr.expiration)
  if (body.dvr?.episodes_expiration != null) {
    preset.eventArchiveDays = secondsToDays(body.dvr.episodes_expiration)
  }
  if (body.dvr?.storage_limit != null) preset.storageGb = bytesToGb(body.dvr.storage_limit)
  if (body.vision?.alg === 'faces' || body.vision?.alg === 'plates') {
    preset.analytics = body.vision.alg as Analytics
  }
  return preset
}

/** `removeMissing`: send null for settings left out, so an update removes them. */
export function presetToV3(
  settings: PresetSettings,
  removeMissing: boolean,
): Record<string, unknown> {
  const missing = removeMissing ? null : undefined
  return {
    title: settings.title,
    dvr: {
      expiration:
        settings.archiveDays !== undefined ? daysToSeconds(settings.archiveDays) : missing,
      episodes_expiration:
        settings.eventArchiveDays !== undefined
          ? daysToSeconds(settings.eventArchiveDays)
          : missing,
      storage_limit: settings.storageGb !== undefined ? gbToBytes(settings.storageGb) : missing,
    },
    vision: { alg: settings.analytics ?? missing },
    is_adjustable: settings.isAdjustable,
  }
}

export function streamFromV3(body: z.infer<typeof v3Stream>, withTitle = false): WatcherStream {
  return {
    ...(withTitle ? { title: body.title ?? null } : {}),
    name: body.name,
    organizationId: body.organization?.id ?? body.organization_id ?? null,
    presetId: body.preset?.id ?? body.preset_id ?? null,
    disabled: body.disabled ?? false,
    createdAt: millisecondsToDate(body.created_at),
    lastChangeAt: millisecondsToDate(body.last_change?.created_at),
  }
}

export function streamToV3(
  input: StreamUpdate & { name?: string; title?: string; url?: string },
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (input.name !== undefined) body.name = input.name
  if (input.title !== undefined) body.title = input.title
  if (input.url !== undefined) body.inputs = [{ url: input.url }]
  if (input.organizationId !== undefined) body.organization = { id: input.organizationId }
  if (input.presetId !== undefined) body.preset = { id: input.presetId }
  if (input.disabled !== undefined) body.disabled = input.disabled
  return body
}
