/**
 * Behaviour Flussonic's documents leave open, decided here in one place so it can be corrected
 * (see ../../shared watcher-api.md "Details the emulator follows" and watcher-api-notes.md §11).
 */
import type { Permissions } from './records'
import { PERMISSION_NAMES } from './records'

/** v3: a new organization member starts with every permission false. */
export function newMemberPermissionsV3(): Permissions {
  return Object.fromEntries(PERMISSION_NAMES.map((name) => [name, false])) as Permissions
}

/** v2 has no "view cameras" flag: a member added through v2 can view the cameras. */
export function newMemberPermissionsV2(): Permissions {
  return { ...newMemberPermissionsV3(), can_view_streams: true }
}

/** The owner of an organization: all permissions (used when listing the owner's rights). */
export function allPermissions(): Permissions {
  return Object.fromEntries(PERMISSION_NAMES.map((name) => [name, true])) as Permissions
}

/** Page size when a list call sends no `limit`, and the largest page served. */
export const DEFAULT_PAGE_LIMIT = 100
export const MAX_PAGE_LIMIT = 10_000

/** The DVR depth a Default preset starts with (one day). */
export const DEFAULT_PRESET_EXPIRATION_SECONDS = 86_400

/** Streams created without an organization go to the Default organization, without a preset to the Default preset. */
export const STREAM_FALLS_BACK_TO_DEFAULTS = true

/** Organization limits are enforced for cameras only (the user limit binds the owner, not the Watcher admin). */
export const ENFORCE_STREAM_LIMIT = true

/** v2 domain shown on organizations (single-domain Watcher). */
export const V2_DOMAIN = { id: 1, title: 'Flussonic Watcher' }

/** v2 camera names generated from the title: slug + '-' + 10 hex characters (documented example). */
export function slugForCameraName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
  return slug || 'camera'
}
